using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure.Live;

namespace Rounds.Web.Features.Conversations;

/// <summary>Sends a message in a conversation the sender takes part in; pushed live to every participant.</summary>
public static class SendMessage
{
    public sealed record Request(string? Text, bool OverridePrivacy = false);

    public static async Task<Outcome<MessageView>> RunAsync(long me, long conversationId, Request r, RoundsDb db, LivePublisher live, TimeProvider clock,
        CancellationToken ct)
    {
        var text = Messaging.CheckText(r.Text, out var error);
        if (error is not null) return Outcome.Invalid("text", error);
        var guard = PrivacyGuard.Scan("text", r.Text);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;
        var conversation = await db.Conversations.Include(c => c.Members).SingleOrDefaultAsync(c => c.Id == conversationId && c.Members.Any(m => m.MemberId == me), ct);
        if (conversation is null) return Outcome.NotFound();
        var otherIds = conversation.Members.Select(m => m.MemberId).Where(id => id != me).ToList();
        var others = await db.Users.Where(u => otherIds.Contains(u.Id)).AsNoTracking().ToListAsync(ct);
        if (await Messaging.BlockedAsync(db, me, others, ct) is { } refused) return refused;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var message = Append(db, conversation, me, text!, now);
        await db.SaveChangesAsync(ct); // message, last activity, the sender's read mark and the override record in one commit
        PrivacyGuard.Record(db, me, "message", message.Id, guard, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await live.MessageAsync(conversation.Id, message.Id, conversation.Members.Select(m => m.MemberId), ct);
        return await Messaging.MessageViewAsync(db, message, now, ct);
    }

    /// <summary>Adds a message to a loaded (tracked) conversation: its activity time moves, and the sender has read everything.</summary>
    internal static DirectMessage Append(RoundsDb db, Conversation conversation, long sender, string text, DateTime now)
    {
        var message = new DirectMessage { ConversationId = conversation.Id, SenderId = sender, Text = text, CreatedAt = now };
        db.DirectMessages.Add(message);
        conversation.LastMessageAt = now;
        if (conversation.Members.SingleOrDefault(m => m.MemberId == sender) is { } self) self.LastReadAt = now;
        return message;
    }

    public static async Task<Results<Created<MessageView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db,
        LivePublisher live, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, id, request, db, live, clock, ct);
        return outcome.IsOk ? TypedResults.Created($"/api/v1/conversations/{id}/messages", outcome.Value!) : outcome.Problem();
    }
}

/// <summary>The member's conversations, most recent activity first.</summary>
public static class ListConversations
{
    public const int DefaultLimit = 20, MaxLimit = 40;

    public static async Task<List<ConversationView>> RunAsync(long me, int? offset, int? limit, RoundsDb db, DateTime now, CancellationToken ct)
    {
        var ids = await db.Conversations.Where(c => c.Members.Any(m => m.MemberId == me))
            .OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Id)
            .Skip(Math.Max(0, offset ?? 0)).Take(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit)).Select(c => c.Id).ToListAsync(ct);
        return await Messaging.ViewsAsync(db, me, ids, now, ct);
    }

    public static async Task<Ok<List<ConversationView>>> HandleAsync([FromQuery] int? offset, [FromQuery] int? limit, CurrentUser me, RoundsDb db,
        TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await RunAsync(me.Id!.Value, offset, limit, db, clock.GetUtcNow().UtcDateTime, ct));
}

/// <summary>A conversation's messages, newest first, paged back with max_id; only its participants may read it.</summary>
public static class ListMessages
{
    public const int DefaultLimit = 30, MaxLimit = 100;

    public static async Task<Outcome<MessagePage>> RunAsync(long me, long conversationId, long? maxId, int? limit, RoundsDb db, DateTime now, CancellationToken ct)
    {
        if (!await db.ConversationMembers.AnyAsync(m => m.ConversationId == conversationId && m.MemberId == me, ct)) return Outcome.NotFound();
        var take = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var q = db.DirectMessages.Where(m => m.ConversationId == conversationId);
        if (maxId is { } below) q = q.Where(m => m.Id < below);
        var rows = await q.OrderByDescending(m => m.Id).Take(take + 1).AsNoTracking().ToListAsync(ct);
        var more = rows.Count > take;
        if (more) rows.RemoveAt(rows.Count - 1);
        var senderIds = rows.Select(m => m.SenderId).Distinct().ToList();
        var senders = await db.Users.Where(u => senderIds.Contains(u.Id)).AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        var items = rows.Select(m => new MessageView(m.Id, m.ConversationId, MemberSummary.From(senders[m.SenderId], now), m.Text, m.CreatedAt)).ToList();
        return new MessagePage(items, more ? items[^1].Id : null);
    }

    public static async Task<Results<Ok<MessagePage>, ProblemHttpResult>> HandleAsync(long id, [FromQuery(Name = "max_id")] long? maxId, [FromQuery] int? limit,
        CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, id, maxId, limit, db, clock.GetUtcNow().UtcDateTime, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}

/// <summary>Marks a conversation read for the member up to now.</summary>
public static class MarkConversationRead
{
    public static async Task<Outcome<bool>> RunAsync(long me, long conversationId, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await db.ConversationMembers.Where(m => m.ConversationId == conversationId && m.MemberId == me)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReadAt, now), ct);
        return updated == 0 ? Outcome.NotFound() : true;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RunAsync(me.Id!.Value, id, db, clock, ct);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.Problem();
    }
}
