using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Admin;
using Rounds.Web.Features.Connections;
using Rounds.Web.Features.Groups;
using Rounds.Web.Features.Verification;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Infrastructure;

public sealed record TestMember(long Id, string Handle, string Email, string Password, string Token);

/// <summary>Builders that make the smallest valid thing, so each test names only what matters to it.</summary>
public sealed partial class Given(RoundsApp app)
{
    public const string Password = "Correct-horse-42";
    private static int _counter;

    public Task<TestMember> Member(Profession profession = Profession.Physician, bool verified = false, string? role = null,
        Audience profileAudience = Audience.Public, Action<Member>? with = null, bool confirmed = true, string? email = null)
        => Create(profession, verified, role, profileAudience, with, confirmed, email);

    public Task<TestMember> VerifiedClinician(Profession profession = Profession.Physician) => Member(profession, verified: true);
    public Task<TestMember> UnverifiedClinician() => Member(Profession.ResidentFellow);
    public Task<TestMember> Patient() => Member(Profession.PatientAdvocate);
    public Task<TestMember> Moderator() => Member(Profession.Physician, verified: true, role: Roles.Moderator);
    public Task<TestMember> Admin() => Member(Profession.Organization, role: Roles.Admin);

    private async Task<TestMember> Create(Profession profession, bool verified, string? role, Audience profileAudience, Action<Member>? with, bool confirmed, string? email)
    {
        var n = Interlocked.Increment(ref _counter);
        var handle = $"{profession.ToString().ToLowerInvariant()[..Math.Min(8, profession.ToString().Length)]}_{n}_{Random.Shared.Next(1000, 9999)}";
        email ??= $"{handle}@example.org";
        string token = "";
        long id = 0;
        await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Member>>();
            var db = sp.GetRequiredService<RoundsDb>();
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var m = new Member
            {
                Email = email, EmailConfirmed = confirmed, Handle = handle, DisplayName = $"Test {profession} {n}", Profession = profession,
                ShowsDisclaimer = profession.IsClinician(), ProfileAudience = profileAudience, CreatedAt = now, GuidelinesAcceptedAt = now,
            };
            with?.Invoke(m);
            m.NormalizeKeys();
            var result = await users.CreateAsync(m, Password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            if (role is not null) await AdminCli.GrantAsync(sp, users, m, role);
            if (verified)
            {
                db.Attach(m);
                Verifier.Grant(db, m, "moderator", AuditActions.VerificationApproved, null, now, sp.GetRequiredService<VerificationOptions>(), "test");
            }
            var secret = AccessToken.NewSecret();
            db.AccessTokens.Add(new AccessToken { MemberId = m.Id, Name = "tests", Hash = AccessToken.HashOf(secret), Prefix = secret[..10], CreatedAt = now });
            await db.SaveChangesAsync();
            token = secret;
            id = m.Id;
        });
        return new TestMember(id, handle, email, Password, token);
    }

    public Task Follow(TestMember follower, TestMember followee) => app.WithDbAsync(async db =>
    {
        db.Follows.Add(new Follow { FollowerId = follower.Id, FolloweeId = followee.Id, CreatedAt = DateTime.UtcNow });
        return await db.SaveChangesAsync();
    });

    public Task Block(TestMember blocker, TestMember blocked) => app.WithDbAsync(async db =>
    {
        db.Blocks.Add(new Block { BlockerId = blocker.Id, BlockedId = blocked.Id, CreatedAt = DateTime.UtcNow });
        return await db.SaveChangesAsync();
    });

    public Task<long> Group(params TestMember[] members) => app.WithDbAsync(async db =>
    {
        var n = Interlocked.Increment(ref _counter);
        var g = new Group { Slug = $"group-{n}-{Random.Shared.Next(1000, 9999)}", Name = $"Group {n}", CreatedAt = DateTime.UtcNow };
        db.Groups.Add(g);
        await db.SaveChangesAsync();
        db.GroupMemberships.AddRange(members.Select(m => new GroupMembership { GroupId = g.Id, MemberId = m.Id, JoinedAt = DateTime.UtcNow }));
        await db.SaveChangesAsync();
        return g.Id;
    });

    public Task AllowDomain(string domain) => app.WithDbAsync(async db =>
    {
        db.InstitutionDomains.Add(new InstitutionDomain { Domain = domain, CreatedAt = DateTime.UtcNow });
        return await db.SaveChangesAsync();
    });

    /// <summary>A post written through the API. A reply leaves the audience out: it keeps its thread's.</summary>
    public async Task<Rounds.Web.Features.Posts.PostView> Post(TestMember author, string text = "A post about #rounds", Audience? audience = null,
        long? groupId = null, long? inReplyToId = null, params long[] media)
    {
        using var client = app.As(author);
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/v1/posts", new
        {
            text, audience = audience?.ToString().ToLowerInvariant(), groupId, inReplyToId,
            media = media.Select(id => new { id }).ToArray(),
        });
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"Posting failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Rounds.Web.Features.Posts.PostView>(response.Content))!;
    }

    /// <summary>A plain JPEG of the given size, uploaded for a post (unattached until a post names it).</summary>
    public async Task<Rounds.Web.Features.Posts.MediaView> Image(TestMember owner, string? altText = "Chest X-ray, PA view", uint width = 640, uint height = 480)
    {
        using var image = new ImageMagick.MagickImage(new ImageMagick.MagickColor("#7a9cc6"), width, height) { Format = ImageMagick.MagickFormat.Jpeg };
        var form = new MultipartFormDataContent { { new ByteArrayContent(image.ToByteArray()), "file", "image.jpg" } };
        if (altText is not null) form.Add(new StringContent(altText), "altText");
        using var client = app.As(owner);
        var response = await client.PostAsync("/api/v1/media", form);
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"Uploading failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Rounds.Web.Features.Posts.MediaView>(response.Content))!;
    }

    /// <summary>A published case through the API (clinicians unless a group is given), with the images named.</summary>
    public async Task<Rounds.Web.Features.Cases.CaseView> Case(TestMember author, long? groupId = null, bool pseudonymous = false, string? askSpecialty = null,
        string[]? differential = null, params long[] images)
    {
        using var client = app.As(author);
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/v1/cases", CaseRequest(groupId, pseudonymous,
            askSpecialty, differential, images));
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"Sharing the case failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Rounds.Web.Features.Cases.CaseView>(response.Content))!;
    }

    /// <summary>A case request with clinical text that identifies nobody.</summary>
    public static object CaseRequest(long? groupId = null, bool pseudonymous = false, string? askSpecialty = null, string[]? differential = null,
        long[]? images = null, string presentation = "Three weeks of fever, night sweats and a new systolic murmur after a dental extraction. BP 118/72, HR 104.",
        string title = "Fever and a new murmur") => new
    {
        title, specialtyCode = "rheumatology", ageBand = "50-59", sex = "female", presentation,
        history = "Mitral valve prolapse. No drug use. Amoxicillin 2 g before the procedure was not given.",
        findings = "Splinter haemorrhages; CRP 88 mg/L; two blood cultures pending.",
        question = "Would you start empirical treatment before the cultures are back?",
        audience = groupId is null ? "clinicians" : "group", groupId, pseudonymous, askSpecialty, differential,
        images = (images ?? []).Select(id => new { id }).ToArray(),
    };
}
