using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Connections;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Live;

namespace Rounds.Web.Features.Conversations;

/// <summary>
/// Writes to one or more members: reuses the conversation with exactly the same participants, or starts one, and sends the
/// first message. Nobody writes to someone they blocked or who blocked them.
/// </summary>
public static class StartConversation
{
    public sealed record Request(List<string>? Handles, string? Text, bool OverridePrivacy = false);
    public sealed record Response(ConversationView Conversation, MessageView Message);

    public static async Task<Outcome<Response>> RunAsync(Viewer viewer, Request r, RoundsDb db, Audiences audiences, LivePublisher live,
        TimeProvider clock, CancellationToken ct)
    {
        var me = viewer.Id ?? throw new InvalidOperationException("Only a signed-in member writes messages.");
        var errors = new Dictionary<string, string[]>();
        var text = Messaging.CheckText(r.Text, out var textError);
        if (textError is not null) errors.Add("text", textError);
        var handles = (r.Handles ?? []).Select(MemberHandles.Normalize).Where(h => h.Length > 0).Distinct().ToList();
        if (handles.Count == 0) errors.Add("handles", "Name at least one member to write to.");
        else if (handles.Count >= Messaging.MaxParticipants) errors.Add("handles", $"A conversation has at most {Messaging.MaxParticipants} people.");
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var found = await db.Users.Where(u => handles.Contains(u.NormalizedUserName!)).AsNoTracking().ToListAsync(ct);
        var others = found.Where(u => u.Id != me).ToList();
        var blocked = await audiences.BlockedAsync(me, ct);
        foreach (var h in handles)
        {
            var member = found.SingleOrDefault(u => u.NormalizedUserName == h);
            if (member is not null && member.Id == me) continue;
            // A missing member and one whose profile the writer may not see are alike; a block gets its own clear answer below.
            if (member is null || (!blocked.Contains(member.Id) && !await audiences.CanSeeAsync(viewer, new AudienceTarget(member.ProfileAudience, member.Id), ct)))
                errors.Add("handles", $"No member @{h.ToLowerInvariant()} that you can write to.");
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var guard = PrivacyGuard.Scan("text", r.Text);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;
        if (others.Count == 0) return Outcome.Invalid("handles", "Name someone other than yourself.");
        if (await Messaging.BlockedAsync(db, me, others, ct) is { } refused) return refused;

        var participants = others.Select(o => o.Id).Append(me).ToList();
        var n = participants.Count;
        var existing = await db.ConversationMembers.Where(cm => cm.MemberId == me).Select(cm => cm.ConversationId)
            .Where(c => db.ConversationMembers.Count(x => x.ConversationId == c) == n
                && db.ConversationMembers.Count(x => x.ConversationId == c && participants.Contains(x.MemberId)) == n)
            .OrderByDescending(c => c).Select(c => (long?)c).FirstOrDefaultAsync(ct);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Conversation conversation;
        if (existing is { } id)
            conversation = await db.Conversations.Include(c => c.Members).SingleAsync(c => c.Id == id, ct);
        else
        {
            conversation = new Conversation { CreatedAt = now, LastMessageAt = now, Members = participants.Select(p => new ConversationMember { MemberId = p }).ToList() };
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync(ct);
        }
        var message = SendMessage.Append(db, conversation, me, text!, now);
        await db.SaveChangesAsync(ct);
        PrivacyGuard.Record(db, me, "message", message.Id, guard, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await live.MessageAsync(conversation.Id, message.Id, participants, ct);
        var view = (await Messaging.ViewsAsync(db, me, [conversation.Id], now, ct)).Single();
        return new Response(view, await Messaging.MessageViewAsync(db, message, now, ct));
    }

    public static async Task<Results<Created<Response>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        LivePublisher live, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), request, db, audiences, live, clock, ct);
        return outcome.IsOk ? TypedResults.Created($"/api/v1/conversations/{outcome.Value!.Conversation.Id}", outcome.Value) : outcome.Problem();
    }
}
