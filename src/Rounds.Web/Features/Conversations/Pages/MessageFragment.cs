using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Conversations.Pages;

/// <summary>One message as HTML, for a conversation page receiving it live: only a participant gets it; anyone else a 404.</summary>
public static class MessageFragment
{
    public static async Task<Results<RazorComponentResult<MessageBubble>, NotFound>> HandleAsync(long cid, long mid, CurrentUser me, RoundsDb db,
        TimeProvider clock, CancellationToken ct)
    {
        if (me.Id is not { } viewer || !await db.ConversationMembers.AnyAsync(m => m.ConversationId == cid && m.MemberId == viewer, ct))
            return TypedResults.NotFound();
        var message = await db.DirectMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mid && m.ConversationId == cid, ct);
        if (message is null) return TypedResults.NotFound();
        var view = await Messaging.MessageViewAsync(db, message, clock.GetUtcNow().UtcDateTime, ct);
        return new RazorComponentResult<MessageBubble>(new { Message = view, Mine = message.SenderId == viewer });
    }
}
