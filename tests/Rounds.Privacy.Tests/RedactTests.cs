using System.Text.RegularExpressions;

namespace Rounds.Privacy.Tests;

public class RedactTests
{
    private static readonly TextGuard Guard = TextGuard.Default;
    private const string Text = "Mr. Alvarez, 92 yo, seen 03/14/2024 and March 14th; call (555) 123-4567 or jane.doe@example.com.";

    [Fact]
    public void Placeholders_replace_each_finding_by_its_type()
    {
        var redacted = Guard.Redact(Text, Guard.Scan(Text));
        Assert.Equal("[NAME], [AGE 90+], seen [DATE] and [DATE]; call [PHONE] or [EMAIL].", redacted);
    }

    [Fact]
    public void Redact_uses_the_offsets_it_is_given_in_any_order()
    {
        var text = "abc 123 def";
        var redacted = Guard.Redact(text, [new Finding(8, 3, IdentifierType.Name, 1), new Finding(4, 3, IdentifierType.Ssn, 1)]);
        Assert.Equal("abc [SSN] [NAME]", redacted);
    }

    [Fact]
    public void Overlapping_findings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Guard.Redact("abcdef", [new Finding(0, 3, IdentifierType.Name, 1), new Finding(2, 3, IdentifierType.Name, 1)]));
        Assert.Throws<ArgumentException>(() => Guard.Redact("abc", [new Finding(2, 3, IdentifierType.Name, 1)]));
    }

    [Fact]
    public void Surrogates_are_deterministic_for_a_seed_and_differ_between_seeds()
    {
        var findings = Guard.Scan(Text);
        var a = Guard.Redact(Text, findings, RedactionStyle.Surrogate, seed: 42);
        var b = Guard.Redact(Text, findings, RedactionStyle.Surrogate, seed: 42);
        var c = Guard.Redact(Text, findings, RedactionStyle.Surrogate, seed: 43);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.DoesNotContain("Alvarez", a);
        Assert.DoesNotContain("03/14/2024", a);
        Assert.DoesNotContain("123-4567", a);
        Assert.DoesNotContain("jane.doe", a);
    }

    [Fact]
    public void Surrogates_keep_the_shape_of_each_identifier()
    {
        var a = Guard.Redact(Text, RedactionStyle.Surrogate, seed: 7);
        Assert.StartsWith("Mr. ", a);
        Assert.Matches(new Regex(@"^Mr\. [A-Z][a-z]+, 9\d yo, seen \d\d/\d\d/\d{4} and [A-Z][a-z]+ \d{1,2}(st|nd|rd|th); call \(\d{3}\) \d{3}-\d{4} or [a-z]+\.[a-z]+@example\.com\.$", RegexOptions.IgnoreCase), a);
    }

    [Fact]
    public void Dates_move_by_the_same_seeded_number_of_days()
    {
        var text = "Admitted 03/14/2024, discharged 03/20/2024.";
        var redacted = Guard.Redact(text, RedactionStyle.Surrogate, seed: 5);
        var dates = Regex.Matches(redacted, @"\d\d/\d\d/\d{4}").Select(m => DateTime.ParseExact(m.Value, "MM/dd/yyyy", null)).ToList();
        Assert.Equal(2, dates.Count);
        Assert.Equal(6, (dates[1] - dates[0]).TotalDays);
        Assert.NotEqual(new DateTime(2024, 3, 14), dates[0]);
    }

    [Fact]
    public void A_recurring_name_gets_the_same_surrogate()
    {
        var text = "Mr. Alvarez called. Later Alvarez came in.";
        var redacted = Guard.Redact(text, RedactionStyle.Surrogate, seed: 3);
        var m = Regex.Match(redacted, @"^Mr\. (\w+) called\. Later (\w+) came in\.$");
        Assert.True(m.Success, redacted);
        Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
    }

    [Fact]
    public void Placeholders_and_descriptions_cover_every_type()
    {
        foreach (var type in Enum.GetValues<IdentifierType>())
        {
            Assert.StartsWith("[", TextGuard.Placeholder(type));
            Assert.False(string.IsNullOrWhiteSpace(TextGuard.Describe(type)));
        }
    }
}
