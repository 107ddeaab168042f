using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rounds.Tests.Infrastructure;
using Rounds.Web.Features.Events;

namespace Rounds.Tests.Features.Events;

/// <summary>The live room over SignalR, as clients see it: delivery to everyone, catch-up after a reconnect, the audience, blocks, the participant list.</summary>
public class RoomLiveTests(RoundsApp app) : IClassFixture<RoundsApp>
{
    [Fact]
    public async Task A_message_reaches_every_participant_including_anonymous_readers_of_a_public_room()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, audience: "public", questions: []);
        var members = new[] { await app.Given.VerifiedClinician(), await app.Given.Member(), await app.Given.Patient() };
        var clients = new List<RoomClient>();
        foreach (var m in members) clients.Add(await app.Given.RoomClient(m));
        clients.Add(await app.Given.RoomClient(null));
        try
        {
            foreach (var c in clients) Assert.Empty((await c.JoinAsync(ev.Id)).Messages);
            var sent = await app.Given.EventMessage(members[0], ev.Id, "Allocation concealment looks sound to me.");
            var reply = await app.Given.EventMessage(owner, ev.Id, "Agreed, central randomisation.", inReplyToId: sent.PostId);
            foreach (var c in clients)
            {
                Assert.True(await c.WaitForSeqAsync(reply.Seq), "every client gets both messages");
                Assert.Equal([sent.Seq, reply.Seq], c.Kept.Select(m => m.Seq));
                Assert.Equal("Allocation concealment looks sound to me.", c.Kept[0].Text);
                Assert.Equal("host", c.Kept[1].Role);
                Assert.Single(c.Delivered, m => m.Seq == sent.Seq); // pushed once per client
            }
        }
        finally { foreach (var c in clients) await c.DisposeAsync(); }
    }

    [Fact]
    public async Task A_client_that_reconnects_with_its_last_number_receives_every_missed_message_exactly_once()
    {
        var owner = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: []);
        var learner = await app.Given.Member();
        var others = new[] { await app.Given.VerifiedClinician(), await app.Given.VerifiedClinician(), await app.Given.VerifiedClinician() };

        var first = await app.Given.RoomClient(learner);
        await first.JoinAsync(ev.Id);
        await app.Given.EventMessage(others[0], ev.Id, "Message one on the methods.");
        await app.Given.EventMessage(others[1], ev.Id, "Message two on the methods.");
        Assert.True(await first.WaitForSeqAsync(2));
        var kept = first.Kept.ToDictionary(m => m.Seq);
        var last = first.LastSeq;
        await first.DisposeAsync(); // the network drops

        for (var i = 0; i < 3; i++) await app.Given.EventMessage(others[i], ev.Id, $"Missed message {i + 1} while offline.");

        // Reconnect while others keep posting: messages land before, during and after the join.
        var second = await app.Given.RoomClient(learner);
        var posting = Task.Run(async () =>
        {
            for (var round = 0; round < 2; round++)
                await Task.WhenAll(others.Select((o, i) => app.Given.EventMessage(o, ev.Id, $"Round {round + 1} from participant {i + 1}.")));
        });
        var snapshot = await second.JoinAsync(ev.Id, last);
        await posting;
        Assert.All(snapshot.Messages, m => Assert.True(m.Seq > last));
        Assert.Equal(snapshot.Messages.Count, snapshot.Messages.Select(m => m.Seq).Distinct().Count());
        Assert.Equal([3L, 4L, 5L], snapshot.Messages.Select(m => m.Seq).Take(3));
        // Pushes of messages committed close together can arrive out of order (each request publishes after its own commit), so wait
        // for every number rather than the last one. A message missed by both the read and the push never arrives: the wait fails.
        Assert.True(await second.WaitForAsync(c => Enumerable.Range((int)last + 1, 11 - (int)last).All(n => c.Kept.Any(m => m.Seq == n))),
            "the messages posted after joining arrive live");
        foreach (var m in second.Kept) kept.TryAdd(m.Seq, m);
        Assert.Equal(Enumerable.Range(1, 11).Select(n => (long)n), kept.Keys.Order());
        Assert.Equal(11, (await second.JoinAsync(ev.Id, 11)).LastSeq);
        // Nothing arrives more than once per connection except what was committed between joining the group and reading.
        Assert.All(second.Delivered.GroupBy(m => m.Seq), g => Assert.Single(g));
        await second.DisposeAsync();
    }

    [Fact]
    public async Task A_patient_cannot_join_a_clinicians_room_and_a_blocked_member_receives_nothing_from_the_blocker()
    {
        var owner = await app.Given.VerifiedClinician();
        var clinicians = await app.Given.JournalClub(owner, audience: "clinicians", questions: []);
        var patient = await app.Given.Patient();
        await using (var p = await app.Given.RoomClient(patient))
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => p.JoinAsync(clinicians.Id));
            Assert.Contains("Not found", refused.Message);
            await app.Given.EventMessage(owner, clinicians.Id, "Clinicians only in here.");
            await Task.Delay(300);
            Assert.Empty(p.Delivered);
        }
        await using (var anonymous = await app.Given.RoomClient(null))
            await Assert.ThrowsAsync<HubException>(() => anonymous.JoinAsync(clinicians.Id));

        var ev = await app.Given.JournalClub(owner, questions: []);
        var blocker = await app.Given.VerifiedClinician();
        var blocked = await app.Given.Member();
        var bystander = await app.Given.Member();
        await app.Given.Block(blocker, blocked);
        await using var blockedClient = await app.Given.RoomClient(blocked);
        await using var bystanderClient = await app.Given.RoomClient(bystander);
        await blockedClient.JoinAsync(ev.Id);
        await bystanderClient.JoinAsync(ev.Id);
        var hidden = await app.Given.EventMessage(blocker, ev.Id, "The blocker speaks.");
        var visible = await app.Given.EventMessage(owner, ev.Id, "The host speaks.");
        Assert.True(await bystanderClient.WaitForSeqAsync(visible.Seq));
        Assert.True(await blockedClient.WaitForSeqAsync(visible.Seq));
        Assert.Contains(bystanderClient.Kept, m => m.Seq == hidden.Seq);
        Assert.DoesNotContain(blockedClient.Delivered, m => m.AuthorId == blocker.Id);
        // Catching up does not bring it either; the list of participants leaves the blocker out.
        Assert.DoesNotContain((await blockedClient.JoinAsync(ev.Id, 0)).Messages, m => m.AuthorId == blocker.Id);
        await using var blockerClient = await app.Given.RoomClient(blocker);
        await blockerClient.JoinAsync(ev.Id);
        var seenByBlocked = await app.As(blocked).GetFromJsonAsync<List<ParticipantView>>($"/api/v1/events/{ev.Id}/participants");
        Assert.DoesNotContain(seenByBlocked!, p => p.Id == blocker.Id);
        Assert.Contains((await app.As(bystander).GetFromJsonAsync<List<ParticipantView>>($"/api/v1/events/{ev.Id}/participants"))!, p => p.Id == blocker.Id);
    }

    [Fact]
    public async Task The_participant_list_follows_joins_and_leaves_with_roles()
    {
        var owner = await app.Given.VerifiedClinician();
        var moderator = await app.Given.VerifiedClinician();
        var ev = await app.Given.JournalClub(owner, questions: [], hosts: [new { handle = moderator.Handle, role = "moderator" }]);
        var learner = await app.Given.Member();
        await using var host = await app.Given.RoomClient(owner);
        await host.JoinAsync(ev.Id);
        await using var mod = await app.Given.RoomClient(moderator);
        await mod.JoinAsync(ev.Id);
        var learnerClient = await app.Given.RoomClient(learner);
        await learnerClient.JoinAsync(ev.Id);
        Assert.True(await host.WaitForAsync(c => c.Changes.Count(x => x.What == "participants") >= 2), "joins are pushed");

        var list = await app.As(learner).GetFromJsonAsync<List<ParticipantView>>($"/api/v1/events/{ev.Id}/participants") ?? [];
        Assert.Equal([owner.Id, moderator.Id, learner.Id], list.Select(p => p.Id));
        Assert.Equal(["host", "moderator", null], list.Select(p => p.Role));
        var fromHub = await host.Connection.InvokeAsync<List<ParticipantView>>("RoomParticipants", ev.Id);
        Assert.Equal(list.Select(p => p.Id), fromHub.Select(p => p.Id));

        // A second tab of the same member is not a second participant nor a new push.
        var pushes = host.Changes.Count(x => x.What == "participants");
        await using (var secondTab = await app.Given.RoomClient(learner))
        {
            await secondTab.JoinAsync(ev.Id);
            await Task.Delay(300);
            Assert.Equal(pushes, host.Changes.Count(x => x.What == "participants"));
            Assert.Equal(3, (await app.As(learner).GetFromJsonAsync<List<ParticipantView>>($"/api/v1/events/{ev.Id}/participants"))!.Count);
        }
        await learnerClient.DisposeAsync();
        Assert.True(await host.WaitForAsync(c => c.Changes.Count(x => x.What == "participants") > pushes), "the leave is pushed");
        var after = await app.As(owner).GetFromJsonAsync<List<ParticipantView>>($"/api/v1/events/{ev.Id}/participants");
        Assert.Equal([owner.Id, moderator.Id], after!.Select(p => p.Id));

        await (await app.As(learner).GetAsync($"/api/v1/events/999999/participants")).AssertStatusAsync(HttpStatusCode.NotFound);
        var patient = await app.Given.Patient();
        var clinicians = await app.Given.JournalClub(owner, audience: "clinicians", questions: []);
        await (await app.As(patient).GetAsync($"/api/v1/events/{clinicians.Id}/participants")).AssertStatusAsync(HttpStatusCode.NotFound);
        await using var p = await app.Given.RoomClient(patient);
        await Assert.ThrowsAsync<HubException>(() => p.Connection.InvokeAsync<List<ParticipantView>>("RoomParticipants", clinicians.Id));
    }
}
