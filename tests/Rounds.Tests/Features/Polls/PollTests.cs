using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Polls;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Tests.Features.Polls;

public class PollTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    private async Task<(int Polls, int Posts, int Votes)> CountsAsync() => await app.WithDbAsync(async db =>
        (await db.Polls.CountAsync(), await db.Posts.CountAsync(), await db.PollVotes.CountAsync()));

    [Fact]
    public async Task A_new_poll_is_posted_to_followers_and_the_community_timeline_with_the_poll_inline()
    {
        var author = await app.Given.VerifiedClinician();
        var follower = await app.Given.Member();
        await app.Given.Follow(follower, author);

        var poll = await app.Given.Poll(author, text: "Weekly poll: gout flares #rheumpoll");
        await app.SettleAsync();

        Assert.NotNull(poll.PostId);
        Assert.Equal($"/polls/{poll.Id}", poll.Url);
        var home = await app.As(follower).GetFromJsonAsync<TimelinePage>("/api/v1/timelines/home");
        var card = Assert.Single(home!.Items, p => p.Id == poll.PostId);
        Assert.Equal(poll.Id, card.Poll!.Id);
        Assert.True(card.Poll.CanVote);
        Assert.False(card.Poll.ResultsVisible);
        Assert.All(card.Poll.Options, o => Assert.Null(o.Votes));
        var local = await app.Anonymous().GetFromJsonAsync<TimelinePage>("/api/v1/timelines/local?limit=40");
        Assert.Contains(local!.Items, p => p.Id == poll.PostId && p.Poll?.Id == poll.Id);
        var tag = await app.Anonymous().GetFromJsonAsync<TimelinePage>("/api/v1/timelines/tags/rheumpoll");
        Assert.Contains(tag!.Items, p => p.Poll?.Id == poll.Id);
        // The post's text introduces the poll; the card renders the vote form for a member who can vote.
        var browser = await app.SignedInBrowserAsync(follower);
        var html = await browser.GetPageAsync($"/posts/{poll.PostId}");
        Assert.Contains($"action=\"/polls/{poll.Id}/vote\"", html);
        Assert.Contains("Colchicine", await (await app.Anonymous().GetAsync($"/fragments/posts/{poll.PostId}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Results_stay_hidden_until_the_member_votes_and_the_author_sees_them_as_they_come_in()
    {
        var author = await app.Given.VerifiedClinician();
        var poll = await app.Given.Poll(author);
        var resident = await app.Given.VerifiedClinician(Profession.ResidentFellow);

        var before = await app.As(resident).GetFromJsonAsync<PollView>($"/api/v1/polls/{poll.Id}");
        Assert.False(before!.ResultsVisible);
        Assert.Null(before.Voters);
        Assert.All(before.Options, o => Assert.Null(o.Votes));
        await (await app.As(resident).GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=profession")).AssertStatusAsync(HttpStatusCode.Forbidden);

        await (await app.As(resident).PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[1].Id } }))
            .AssertStatusAsync(HttpStatusCode.NoContent);
        var after = await app.As(resident).GetFromJsonAsync<PollView>($"/api/v1/polls/{poll.Id}");
        Assert.True(after!.ResultsVisible);
        Assert.Equal(1, after.Options[1].Votes);
        Assert.Equal([poll.Options[1].Id], after.MyVotes);
        Assert.False(after.CanVote);

        var asAuthor = await app.As(author).GetFromJsonAsync<PollView>($"/api/v1/polls/{poll.Id}");
        Assert.True(asAuthor!.ResultsVisible);
        Assert.True(asAuthor.CanManage);
        Assert.Equal(1, asAuthor.Voters);
    }

    [Fact]
    public async Task Results_after_close_are_hidden_from_everybody_the_author_included_until_the_poll_closes()
    {
        var author = await app.Given.VerifiedClinician();
        var poll = await app.Given.Poll(author, resultsAfterClose: true, closesIn: TimeSpan.FromDays(2));
        var voter = (await app.Given.Voters(poll, 1))[0];
        var moderator = await app.Given.Moderator();

        foreach (var who in new[] { voter, author, moderator })
        {
            var view = await app.As(who).GetFromJsonAsync<PollView>($"/api/v1/polls/{poll.Id}");
            Assert.False(view!.ResultsVisible);
            Assert.All(view.Options, o => Assert.Null(o.Votes));
        }
        await (await app.As(author).GetAsync($"/api/v1/polls/{poll.Id}/results.csv")).AssertStatusAsync(HttpStatusCode.Conflict);
        var analytics = await app.As(author).GetFromJsonAsync<PollAnalytics>($"/api/v1/polls/{poll.Id}/analytics");
        Assert.False(analytics!.DistributionVisible);
        Assert.Null(analytics.Distribution);
        Assert.Equal(1, analytics.Voters);

        app.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        var closed = await app.Anonymous().GetFromJsonAsync<PollView>($"/api/v1/polls/{poll.Id}");
        Assert.True(closed!.Closed);
        Assert.True(closed.ResultsVisible);
        Assert.Equal(1, closed.Options[0].Votes);
        await (await app.As(author).GetAsync($"/api/v1/polls/{poll.Id}/results.csv")).AssertStatusAsync(HttpStatusCode.OK);
        var late = await app.Given.Member();
        var refused = await app.As(late).PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[0].Id } });
        await refused.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Contains("closed", await refused.Content.ReadAsStringAsync());
    }

    private static DateTime Soon => DateTime.UtcNow.AddDays(30);

    public static TheoryData<string, object> BadPolls() => new()
    {
        { "options", Given.PollRequest(options: ["Only one"], closesAt: Soon) },
        { "options", Given.PollRequest(options: Enumerable.Range(1, 11).Select(i => $"Choice {i}").ToArray(), closesAt: Soon) },
        { "options", Given.PollRequest(options: ["Colchicine", "colchicine ", "An NSAID"], closesAt: Soon) },
        { "options", Given.PollRequest(options: ["Colchicine", "  ", "An NSAID"], closesAt: Soon) },
        { "options", Given.PollRequest(options: ["Colchicine", new string('x', 201)], closesAt: Soon) },
        { "question", Given.PollRequest(question: "  ", closesAt: Soon) },
        { "question", Given.PollRequest(question: new string('q', 301), closesAt: Soon) },
        { "closesAt", Given.PollRequest() },
        { "closesAt", Given.PollRequest(closesAt: DateTime.UtcNow.AddYears(-1)) },
        { "closesAt", Given.PollRequest(closesAt: DateTime.UtcNow.AddDays(400)) },
        { "audience", Given.PollRequest(audience: Audience.Followers, closesAt: Soon) },
        { "audience", Given.PollRequest(audience: Audience.Direct, closesAt: Soon) },
        { "maxChoices", Given.PollRequest(multiple: true, maxChoices: 7, closesAt: Soon) },
        { "maxChoices", Given.PollRequest(multiple: false, maxChoices: 2, closesAt: Soon) },
        { "groupId", Given.PollRequest(audience: Audience.Group, closesAt: Soon) },
    };

    [Theory, MemberData(nameof(BadPolls))]
    public async Task A_bad_poll_is_refused_with_the_field_and_nothing_is_written(string field, object request)
    {
        var author = await app.Given.VerifiedClinician();
        var before = await CountsAsync();
        await (await app.As(author).PostAsJsonAsync("/api/v1/polls", request)).AssertInvalidAsync(field);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Only_verified_clinicians_ask_clinicians_and_only_members_ask_at_all()
    {
        var unverified = await app.Given.UnverifiedClinician();
        await (await app.As(unverified).PostAsJsonAsync("/api/v1/polls", Given.PollRequest(audience: Audience.Clinicians, closesAt: Now.AddDays(1))))
            .AssertInvalidAsync("audience");
        var outsider = await app.Given.Member();
        var group = await app.Given.Group(await app.Given.Member());
        await (await app.As(outsider).PostAsJsonAsync("/api/v1/polls", Given.PollRequest(audience: Audience.Group, groupId: group, closesAt: Now.AddDays(1))))
            .AssertInvalidAsync("groupId");
        await (await app.Anonymous().PostAsJsonAsync("/api/v1/polls", Given.PollRequest(closesAt: Now.AddDays(1)))).AssertStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_privacy_guard_reads_the_question_and_options_and_an_override_is_recorded()
    {
        var author = await app.Given.VerifiedClinician();
        var request = Given.PollRequest(options: ["Call 555-867-5309 first", "Wait"], closesAt: Now.AddDays(1));
        var before = await CountsAsync();
        var refused = await app.As(author).PostAsJsonAsync("/api/v1/polls", request);
        await refused.AssertStatusAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("options[0]", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountsAsync());

        var overridden = await app.As(author).PostAsJsonAsync("/api/v1/polls", new
        {
            question = "Which first-line agent?", options = new[] { "Call 555-867-5309 first", "Wait" }, closesAt = Now.AddDays(1), overridePrivacy = true,
        });
        var poll = await overridden.ReadAsync<PollView>(HttpStatusCode.Created);
        Assert.True(await app.WithDbAsync(db => db.GuardDecisions.AnyAsync(d => d.ContentKind == "poll" && d.ContentId == poll.Id)));
    }

    [Fact]
    public async Task A_vote_with_too_many_choices_an_unknown_option_twice_or_after_the_close_is_refused_and_writes_nothing()
    {
        var author = await app.Given.VerifiedClinician();
        var poll = await app.Given.Poll(author, options: ["A", "B", "C", "D"], multiple: true, maxChoices: 2, closesIn: TimeSpan.FromHours(3));
        var voter = await app.Given.Member();
        using var client = app.As(voter);
        var before = await CountsAsync();

        await (await client.PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = poll.Options.Take(3).Select(o => o.Id) })).AssertInvalidAsync("optionIds");
        await (await client.PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[0].Id, 987654321L } })).AssertInvalidAsync("optionIds");
        await (await client.PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = Array.Empty<long>() })).AssertInvalidAsync("optionIds");
        await (await client.PostAsJsonAsync($"/api/v1/polls/987654321/votes", new { optionIds = new[] { poll.Options[0].Id } })).AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await CountsAsync());

        await (await client.PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = poll.Options.Take(2).Select(o => o.Id) })).AssertStatusAsync(HttpStatusCode.NoContent);
        var replay = await client.PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[3].Id } });
        await replay.AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Equal(before.Votes + 2, (await CountsAsync()).Votes);

        app.Clock.Advance(TimeSpan.FromHours(4));
        var late = await app.Given.Member();
        await (await app.As(late).PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[0].Id } })).AssertStatusAsync(HttpStatusCode.Conflict);
        Assert.Equal(before.Votes + 2, (await CountsAsync()).Votes);
        var closed = await app.As(late).GetFromJsonAsync<PollView>($"/api/v1/polls/{poll.Id}");
        Assert.True(closed!.ResultsVisible);
        Assert.Equal(1, closed.Options[0].Votes);
        Assert.Equal(1, closed.Voters);
    }

    [Fact]
    public async Task The_breakdown_shows_only_groups_of_at_least_five_voters_and_refuses_a_smaller_cell()
    {
        var author = await app.Given.VerifiedClinician();
        var poll = await app.Given.Poll(author);
        await app.Given.Voters(poll, 5, option: 0, Profession.Physician, "rheumatology");
        await app.Given.Voters(poll, 5, option: 1, Profession.Pharmacist);
        using var client = app.As(author);

        var byProfession = await (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=profession")).ReadAsync<PollBreakdown>();
        Assert.Equal(10, byProfession.Voters);
        var physicians = Assert.Single(byProfession.Groups, g => g.Key == "physician");
        Assert.False(physicians.Suppressed);
        Assert.Equal([5, 0, 0], physicians.Cells!.Select(c => c.Votes));
        Assert.Equal([0, 5, 0], byProfession.Groups.Single(g => g.Key == "pharmacist").Cells!.Select(c => c.Votes));
        var bySpecialty = await (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=specialty")).ReadAsync<PollBreakdown>();
        Assert.Equal(["not-stated", "rheumatology"], bySpecialty.Groups.Select(g => g.Key).Order());
        var one = await (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=specialty&group=rheumatology")).ReadAsync<PollBreakdown>();
        Assert.Equal(5, Assert.Single(one.Groups).Voters);

        // Two nurses: their group is suppressed, and one more group with it, so their votes cannot be had by subtracting from the totals.
        await app.Given.Voters(poll, 2, option: 2, Profession.NurseNpPa);
        byProfession = await (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=profession")).ReadAsync<PollBreakdown>();
        var nurses = byProfession.Groups.Single(g => g.Key == "nursenppa");
        Assert.True(nurses.Suppressed);
        Assert.Null(nurses.Cells);
        Assert.Null(nurses.Voters);
        Assert.Equal(2, byProfession.Groups.Count(g => g.Suppressed));
        var shown = Assert.Single(byProfession.Groups, g => !g.Suppressed);
        var withheld = byProfession.Groups.Single(g => g.Suppressed && g.Key != "nursenppa");

        foreach (var group in new[] { "nursenppa", withheld.Key, "organization" })
        {
            var refused = await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=profession&group={group}");
            await refused.AssertStatusAsync(HttpStatusCode.Forbidden);
            Assert.Contains("Fewer than 5", await refused.Content.ReadAsStringAsync());
        }
        await (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=profession&group={shown.Key}")).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=profession&group=astronaut")).AssertInvalidAsync("group");
        await (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown?by=shoe-size")).AssertInvalidAsync("by");
        await (await client.GetAsync($"/api/v1/polls/{poll.Id}/breakdown")).AssertInvalidAsync("by");
    }

    [Fact]
    public async Task The_csv_export_has_totals_and_suppressed_breakdowns_for_the_author_and_moderators_only_and_never_a_voter()
    {
        var author = await app.Given.VerifiedClinician();
        var poll = await app.Given.Poll(author, audience: Audience.Clinicians, options: ["=HYPERLINK(\"x\")", "Plain"]);
        var voters = await app.Given.Voters(poll, 5, option: 1, Profession.Physician, "nephrology");
        voters.AddRange(await app.Given.Voters(poll, 2, option: 0, Profession.Pharmacist));

        var response = await app.As(author).GetAsync($"/api/v1/polls/{poll.Id}/results.csv");
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Contains("total,all voters,7,Plain,5", csv);
        Assert.Contains("suppressed: fewer than 5 voters", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv); // a formula is escaped
        foreach (var v in voters)
        {
            Assert.DoesNotContain(v.Handle, csv);
            Assert.DoesNotContain(v.Email, csv);
            Assert.DoesNotContain($"Test Physician", csv);
        }
        await (await app.As(await app.Given.Moderator()).GetAsync($"/api/v1/polls/{poll.Id}/results.csv")).AssertStatusAsync(HttpStatusCode.OK);
        await (await app.As(voters[0]).GetAsync($"/api/v1/polls/{poll.Id}/results.csv")).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await app.As(await app.Given.Patient()).GetAsync($"/api/v1/polls/{poll.Id}/results.csv")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().GetAsync($"/api/v1/polls/{poll.Id}/results.csv")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await app.As(voters[0]).GetAsync($"/api/v1/polls/{poll.Id}/analytics")).AssertStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_poll_list_shows_open_and_closed_polls_the_viewer_may_see()
    {
        var author = await app.Given.VerifiedClinician();
        var open = await app.Given.Poll(author, question: "Open question for the list?");
        var closing = await app.Given.Poll(author, closesIn: TimeSpan.FromMinutes(30), question: "Closing question for the list?");
        var clinicians = await app.Given.Poll(author, audience: Audience.Clinicians, question: "Clinicians question for the list?");
        app.Clock.Advance(TimeSpan.FromHours(1));

        var openPage = await app.Anonymous().GetFromJsonAsync<PollListPage>("/api/v1/polls?state=open&limit=50");
        Assert.Contains(openPage!.Items, p => p.Id == open.Id);
        Assert.DoesNotContain(openPage.Items, p => p.Id == closing.Id || p.Id == clinicians.Id);
        var closedPage = await app.Anonymous().GetFromJsonAsync<PollListPage>("/api/v1/polls?state=closed&limit=50");
        Assert.Contains(closedPage!.Items, p => p.Id == closing.Id && p.Closed);
        var asClinician = await app.As(await app.Given.VerifiedClinician()).GetFromJsonAsync<PollListPage>("/api/v1/polls?limit=50");
        Assert.Contains(asClinician!.Items, p => p.Id == clinicians.Id);

        var html = await app.Anonymous().GetStringAsync("/polls");
        Assert.Contains("Open question for the list?", html);
        Assert.DoesNotContain("Clinicians question for the list?", html);
        Assert.Contains("Closing question for the list?", await app.Anonymous().GetStringAsync("/polls?state=closed"));
    }

    [Fact]
    public async Task A_member_asks_a_poll_on_the_new_poll_page_and_votes_on_its_page()
    {
        var author = await app.Given.VerifiedClinician();
        var browser = await app.SignedInBrowserAsync(author);
        var refused = await browser.SubmitAsync("/polls/new", "new-poll", new Dictionary<string, string>
        {
            ["pollQuestion"] = "Best imaging for suspected scaphoid fracture?", ["pollOptions"] = "MRI", ["pollClosesIn"] = "72", ["audience"] = "clinicians",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("at least 2 options", await refused.Content.ReadAsStringAsync());

        var response = await browser.SubmitAsync("/polls/new", "new-poll", new Dictionary<string, string>
        {
            ["pollQuestion"] = "Best imaging for suspected scaphoid fracture?", ["pollOptions"] = "MRI\nCT\nRepeat radiographs", ["pollClosesIn"] = "72",
            ["audience"] = "clinicians", ["text"] = "A quick one for #emergencymedicine",
        });
        var target = SignedInPages.RedirectTarget(response);
        var id = long.Parse(target.Split('/')[2]);
        var poll = await app.As(author).GetFromJsonAsync<PollView>($"/api/v1/polls/{id}");
        Assert.Equal("clinicians", poll!.Audience);
        Assert.Equal(["MRI", "CT", "Repeat radiographs"], poll.Options.Select(o => o.Text));
        Assert.Equal(Now.AddHours(72), poll.ClosesAt!.Value, TimeSpan.FromSeconds(5));

        var voter = await app.Given.VerifiedClinician();
        var voterBrowser = await app.SignedInBrowserAsync(voter);
        var voted = await voterBrowser.SubmitAsync($"/polls/{id}", "", new Dictionary<string, string> { ["option"] = poll.Options[1].Id.ToString() },
            formAction: $"/polls/{id}/vote");
        Assert.Equal($"/polls/{id}#poll-{id}", SignedInPages.RedirectTarget(voted));
        var page = await voterBrowser.GetPageAsync($"/polls/{id}");
        Assert.Contains("data-testid=\"poll-results\"", page);
        Assert.Contains("CT (your vote)", page);
        Assert.Contains("data-testid=\"breakdown-profession\"", page);
        Assert.DoesNotContain("results.csv", page); // the export is the author's
        var again = await voterBrowser.Http.PostAsync($"/polls/{id}/vote", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.OK, again.StatusCode); // no antiforgery token: refused

        var authorPage = await browser.GetPageAsync($"/polls/{id}");
        Assert.Contains($"/api/v1/polls/{id}/results.csv", authorPage);
        Assert.Contains($"/polls/{id}/analytics", authorPage);
        var analytics = await browser.GetPageAsync($"/polls/{id}/analytics");
        Assert.Contains("data-testid=\"reached\">1<", analytics);
        Assert.Contains("<svg", analytics);
        Assert.Equal(HttpStatusCode.Forbidden, (await voterBrowser.GetAsync($"/polls/{id}/analytics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInBrowserAsync(await app.Given.Patient())).GetAsync($"/polls/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_compose_box_adds_a_poll_to_a_post()
    {
        var author = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(author);
        Assert.Contains("Add a poll", await browser.GetPageAsync("/compose"));
        var response = await browser.SubmitAsync("/compose", "compose", new Dictionary<string, string>
        {
            ["text"] = "Curious what everyone does here", ["audience"] = "members", ["pollQuestion"] = "Coffee before morning rounds?",
            ["pollOptions"] = "Always\nSometimes\nNever", ["pollClosesIn"] = "24", ["pollMultiple"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var poll = await app.WithDbAsync(db => db.Polls.Include(p => p.Options).SingleAsync(p => p.Question == "Coffee before morning rounds?"));
        Assert.True(poll.AllowsMultiple);
        Assert.Equal(Audience.Members, poll.Audience);
        var post = await app.WithDbAsync(db => db.Posts.SingleAsync(p => p.Id == poll.PostId));
        Assert.Equal("Curious what everyone does here", post.Text);
        Assert.Equal(Audience.Members, post.Audience);

        var refused = await browser.SubmitAsync("/compose", "compose", new Dictionary<string, string>
        {
            ["text"] = "Only followers", ["audience"] = "followers", ["pollQuestion"] = "Tea?", ["pollOptions"] = "Yes\nNo", ["pollClosesIn"] = "24",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("A poll is for everyone", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_compose_box_warns_about_an_identifier_in_an_option_and_sends_it_when_overridden()
    {
        var author = await app.Given.Member();
        var browser = await app.SignedInBrowserAsync(author);
        var fields = new Dictionary<string, string>
        {
            ["text"] = "Quick one", ["audience"] = "public", ["pollQuestion"] = "Who do you call after hours?",
            ["pollOptions"] = "The registrar\nThe number 555-867-5309", ["pollClosesIn"] = "24",
        };
        var warned = await browser.SubmitAsync("/compose", "compose", fields);
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        var html = await warned.Content.ReadAsStringAsync();
        Assert.Contains("in option 2", html);
        Assert.False(await app.WithDbAsync(db => db.Polls.AnyAsync(p => p.Question == "Who do you call after hours?")));

        fields["overridePrivacy"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync("/compose", "compose", fields)).StatusCode);
        var poll = await app.WithDbAsync(db => db.Polls.SingleAsync(p => p.Question == "Who do you call after hours?"));
        Assert.True(await app.WithDbAsync(db => db.GuardDecisions.AnyAsync(d => d.ContentKind == "poll" && d.ContentId == poll.Id)));
    }

    [Fact]
    public async Task When_a_poll_closes_its_author_and_voters_are_told_once()
    {
        var author = await app.Given.Member();
        var poll = await app.Given.Poll(author, closesIn: TimeSpan.FromMinutes(30), question: "Which closing-time question is this?");
        var voter = (await app.Given.Voters(poll, 1))[0];
        var bystander = await app.Given.Member();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await app.WithDbAsync(db => db.Jobs.AnyAsync(j => j.UniqueKey == nameof(NotifyPollClosedJob))))
        {
            Assert.True(DateTime.UtcNow < deadline, "The recurring job was never scheduled.");
            await Task.Delay(25);
        }
        await app.SettleAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(45));
        await app.SettleAsync();
        await app.SettleAsync();

        async Task<List<string>> ToldAsync(TestMember m) => (await app.As(m).GetFromJsonAsync<Rounds.Web.Features.Notifications.NotificationPage>("/api/v1/notifications?limit=40"))!
            .Items.Where(n => n.Kind == "pollclosed" && n.Link == $"/polls/{poll.Id}").Select(n => n.Text!).ToList();
        Assert.Equal(["A poll you voted in has closed: Which closing-time question is this?"], await ToldAsync(voter));
        Assert.Equal(["Your poll has closed: Which closing-time question is this?"], await ToldAsync(author));
        Assert.Empty(await ToldAsync(bystander));
        Assert.NotNull(await app.WithDbAsync(db => db.Polls.Where(p => p.Id == poll.Id).Select(p => p.ClosedNotifiedAt).SingleAsync()));
    }

    [Fact]
    public async Task The_poll_api_is_in_the_openapi_document()
    {
        var doc = await app.Anonymous().GetStringAsync("/api/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/polls", "/api/v1/polls/{id}/votes", "/api/v1/polls/{id}/breakdown", "/api/v1/polls/{id}/results.csv", "/api/v1/polls/{id}/analytics" })
            Assert.Contains($"\"{path}\"", doc);
    }

    [Fact]
    public async Task A_deleted_post_takes_its_poll_with_it()
    {
        var author = await app.Given.Member();
        var poll = await app.Given.Poll(author);
        await (await app.As(author).DeleteAsync($"/api/v1/posts/{poll.PostId}")).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await app.Anonymous().GetAsync($"/api/v1/polls/{poll.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);
        var voter = await app.Given.Member();
        await (await app.As(voter).PostAsJsonAsync($"/api/v1/polls/{poll.Id}/votes", new { optionIds = new[] { poll.Options[0].Id } })).AssertStatusAsync(HttpStatusCode.NotFound);
    }
}
