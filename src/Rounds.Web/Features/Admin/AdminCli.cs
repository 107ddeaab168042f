using System.Globalization;
using CsvHelper;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Verification;

namespace Rounds.Web.Features.Admin;

/// <summary>`dotnet run --project src/Rounds.Web -- admin …`: operator commands that run against the configured database.</summary>
public static class AdminCli
{
    public const string Usage = """
        Usage:
          admin create --email EMAIL --password PASSWORD [--handle HANDLE] [--name "DISPLAY NAME"]
          admin grant-moderator --email EMAIL
          admin verify --csv FILE     (columns: email[, npi][, note]; verifies each listed clinician)
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var options = Options(args.Skip(2).ToArray());
        try
        {
            return args.ElementAtOrDefault(1) switch
            {
                "create" => await CreateAdminAsync(sp, options, output),
                "grant-moderator" => await GrantModeratorAsync(sp, options, output),
                "verify" => await VerifyFromCsvAsync(sp, options, output),
                _ => Fail(output, Usage),
            };
        }
        catch (KeyNotFoundException e)
        {
            return Fail(output, e.Message + "\n" + Usage);
        }
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider sp, Dictionary<string, string> o, TextWriter output)
    {
        var users = sp.GetRequiredService<UserManager<Member>>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var email = Required(o, "email");
        var member = await users.FindByEmailAsync(email);
        if (member is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            member = new Member
            {
                Email = email, EmailConfirmed = true, Handle = o.GetValueOrDefault("handle") ?? HandleFrom(email),
                DisplayName = o.GetValueOrDefault("name") ?? "Administrator", Profession = Profession.Organization,
                CreatedAt = now, GuidelinesAcceptedAt = now,
            };
            var created = await users.CreateAsync(member, Required(o, "password"));
            if (!created.Succeeded) return Fail(output, string.Join("\n", created.Errors.Select(e => e.Description)));
        }
        await GrantAsync(sp, users, member, Roles.Admin);
        await output.WriteLineAsync($"@{member.Handle} <{email}> is an admin.");
        return 0;
    }

    private static async Task<int> GrantModeratorAsync(IServiceProvider sp, Dictionary<string, string> o, TextWriter output)
    {
        var users = sp.GetRequiredService<UserManager<Member>>();
        var email = Required(o, "email");
        var member = await users.FindByEmailAsync(email);
        if (member is null) return Fail(output, $"No account has the email {email}.");
        await GrantAsync(sp, users, member, Roles.Moderator);
        await output.WriteLineAsync($"@{member.Handle} <{email}> is a moderator.");
        return 0;
    }

    public static async Task GrantAsync(IServiceProvider sp, UserManager<Member> users, Member member, string role)
    {
        var roles = sp.GetRequiredService<RoleManager<IdentityRole<long>>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<long>(role));
        if (await users.IsInRoleAsync(member, role)) return;
        await users.AddToRoleAsync(member, role);
        var db = sp.GetRequiredService<RoundsDb>();
        AuditLog.Record(db, sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, AuditActions.RoleGranted, null, member.Id, role);
        await db.SaveChangesAsync();
    }

    private static async Task<int> VerifyFromCsvAsync(IServiceProvider sp, Dictionary<string, string> o, TextWriter output)
    {
        var path = Required(o, "csv");
        if (!File.Exists(path)) return Fail(output, $"No file at {path}.");
        var db = sp.GetRequiredService<RoundsDb>();
        var options = sp.GetRequiredService<VerificationOptions>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = true, TrimWhitespace = true, SkipEmptyLines = true }, false);
        int verified = 0, skipped = 0, line = 1;
        Dictionary<string, int>? columns = null;
        while (csv.Read())
        {
            columns ??= csv.Headers.Select((h, i) => (h.Trim().ToLowerInvariant(), i)).ToDictionary(x => x.Item1, x => x.i);
            if (!columns.ContainsKey("email")) return Fail(output, "The CSV needs an 'email' column.");
            line++;
            string? Field(string name) => columns.TryGetValue(name, out var i) && i < csv.FieldCount ? csv.GetStringOrNull(i) : null;
            var row = new RosterRow { Email = Field("email"), Npi = Field("npi"), Note = Field("note") };
            var email = row.Email?.Trim();
            var normalized = email?.ToUpperInvariant();
            var member = normalized is null ? null : await db.Users.SingleOrDefaultAsync(m => m.NormalizedEmail == normalized);
            string? problem = member switch
            {
                null => $"no account has the email '{email}'",
                { IsClinician: false } => $"@{member.Handle} is not a clinician",
                _ when !string.IsNullOrWhiteSpace(row.Npi) && !Npi.IsValid(row.Npi.Trim()) => $"NPI '{row.Npi}' fails the check digit",
                _ when member.IsVerified(now) => $"@{member.Handle} is already verified",
                _ => null,
            };
            if (problem is not null) { skipped++; await output.WriteLineAsync($"line {line}: skipped, {problem}"); continue; }
            Verifier.Grant(db, member!, "roster", AuditActions.VerifiedByRoster, null, now, options,
                $"Roster {Path.GetFileName(path)}" + (string.IsNullOrWhiteSpace(row.Npi) ? "" : $", NPI {row.Npi.Trim()}") + (string.IsNullOrWhiteSpace(row.Note) ? "" : $", {row.Note.Trim()}"));
            verified++;
        }
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"{verified} verified, {skipped} skipped.");
        return 0;
    }

    private sealed class RosterRow
    {
        public string? Email { get; set; }
        public string? Npi { get; set; }
        public string? Note { get; set; }
    }

    private static string HandleFrom(string email)
    {
        var local = new string(email.Split('@')[0].ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());
        return local.Length >= 3 ? local[..Math.Min(30, local.Length)] : "admin";
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var d = new Dictionary<string, string>();
        for (var i = 0; i < args.Length - 1; i++)
            if (args[i].StartsWith("--", StringComparison.Ordinal)) d[args[i][2..]] = args[++i];
        return d;
    }

    private static string Required(Dictionary<string, string> o, string name) =>
        o.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : throw new KeyNotFoundException($"--{name} is required.");

    private static int Fail(TextWriter output, string message)
    {
        output.WriteLine(message);
        return 2;
    }
}
