using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Conversations;

public sealed record MessageView(long Id, long ConversationId, MemberSummary Sender, string Text, DateTime CreatedAt);

public sealed record LastMessageView(long Id, string SenderHandle, string Excerpt, DateTime CreatedAt);

/// <summary>A conversation as one participant sees it: the others, the last message and whether something new arrived since they read it.</summary>
public sealed record ConversationView(long Id, IReadOnlyList<MemberSummary> Participants, LastMessageView? LastMessage, DateTime LastMessageAt, bool Unread);

public sealed record MessagePage(IReadOnlyList<MessageView> Items, long? NextMaxId);

public static class Messaging
{
    public const int MaxParticipants = 20;

    /// <summary>A message's text as typed (newlines normalized), or the reason it cannot be sent.</summary>
    public static string? CheckText(string? text, out string? error)
    {
        var t = PostText.Normalize(text);
        error = t.Length == 0 ? "Write a message."
            : PostText.Length(t) > DirectMessage.MaxLength || t.Length > DirectMessage.MaxLength * 2
                ? $"A message is at most {DirectMessage.MaxLength} characters; this one has {PostText.Length(t)}."
            : null;
        return error is null ? t : null;
    }

    /// <summary>Refuses a message when any participant blocked the sender or was blocked by them; says which one.</summary>
    public static async Task<Failure?> BlockedAsync(RoundsDb db, long me, IReadOnlyCollection<Member> others, CancellationToken ct)
    {
        var ids = others.Select(o => o.Id).ToList();
        var blocks = await db.Blocks.Where(b => (b.BlockerId == me && ids.Contains(b.BlockedId)) || (b.BlockedId == me && ids.Contains(b.BlockerId)))
            .AsNoTracking().ToListAsync(ct);
        if (blocks.FirstOrDefault(b => b.BlockerId == me) is { } mine)
            return Outcome.Forbidden($"You blocked @{others.Single(o => o.Id == mine.BlockedId).Handle}; unblock them to send a message.");
        if (blocks.FirstOrDefault() is { } theirs)
            return Outcome.Forbidden($"You cannot message @{others.Single(o => o.Id == theirs.BlockerId).Handle}.");
        return null;
    }

    /// <summary>Views of conversations for one participant in a fixed number of queries.</summary>
    public static async Task<List<ConversationView>> ViewsAsync(RoundsDb db, long me, IReadOnlyList<long> ids, DateTime now, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var conversations = await db.Conversations.Where(c => ids.Contains(c.Id)).Include(c => c.Members).AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var memberIds = conversations.Values.SelectMany(c => c.Members.Select(m => m.MemberId)).Distinct().ToList();
        var members = await db.Users.Where(u => memberIds.Contains(u.Id)).AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        var lastIds = await db.DirectMessages.Where(m => ids.Contains(m.ConversationId)).GroupBy(m => m.ConversationId).Select(g => g.Max(m => m.Id)).ToListAsync(ct);
        var last = await db.DirectMessages.Where(m => lastIds.Contains(m.Id)).AsNoTracking().ToDictionaryAsync(m => m.ConversationId, ct);

        return ids.Where(conversations.ContainsKey).Select(id =>
        {
            var c = conversations[id];
            var readAt = c.Members.SingleOrDefault(m => m.MemberId == me)?.LastReadAt;
            var message = last.GetValueOrDefault(id);
            var others = c.Members.Where(m => m.MemberId != me && members.ContainsKey(m.MemberId))
                .Select(m => MemberSummary.From(members[m.MemberId], now)).OrderBy(m => m.DisplayName).ToList();
            return new ConversationView(c.Id, others,
                message is null ? null : new LastMessageView(message.Id, members.GetValueOrDefault(message.SenderId)?.Handle ?? "", Excerpt.Of(message.Text, 100), message.CreatedAt),
                c.LastMessageAt,
                message is not null && message.SenderId != me && (readAt is null || message.CreatedAt > readAt));
        }).ToList();
    }

    public static async Task<MessageView> MessageViewAsync(RoundsDb db, DirectMessage m, DateTime now, CancellationToken ct) =>
        new(m.Id, m.ConversationId, MemberSummary.From(await db.Users.AsNoTracking().SingleAsync(u => u.Id == m.SenderId, ct), now), m.Text, m.CreatedAt);
}
