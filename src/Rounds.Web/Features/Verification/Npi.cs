namespace Rounds.Web.Features.Verification;

/// <summary>US National Provider Identifier: 10 digits whose last is a Luhn check digit over "80840" + the first nine.</summary>
public static class Npi
{
    public static bool IsValid(string? npi)
    {
        if (npi is null || npi.Length != 10 || !npi.All(char.IsAsciiDigit)) return false;
        return CheckDigit(npi[..9]) == npi[9] - '0';
    }

    public static int CheckDigit(string firstNine)
    {
        var digits = "80840" + firstNine;
        var sum = 0;
        // Walking right to left, the rightmost payload digit is doubled (the check digit is not yet present).
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }
}
