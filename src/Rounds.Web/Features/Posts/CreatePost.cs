using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Features.Timelines;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Posts;

public static class CreatePost
{
    public sealed record MediaRef(long Id, [MaxLength(1500)] string? AltText);

    public sealed record Request(
        string? Text,
        string? Audience = null,
        long? GroupId = null,
        long? InReplyToId = null,
        long? QuoteOfId = null,
        [MaxLength(200)] string? ContentWarning = null,
        List<MediaRef>? Media = null,
        string? ContextKind = null,
        long? ContextId = null,
        bool OverridePrivacy = false);

    /// <summary>
    /// Validate → load → authorize → act; the slow part (fan-out, notifications, live) is a job committed with the post.
    /// <paramref name="attach"/> adds what the post introduces (a poll) in the same transaction, once the post has its id.
    /// </summary>
    public static async Task<Outcome<Post>> RunAsync(Member author, Viewer viewer, Request r, RoundsDb db, Audiences audiences, JobQueue jobs,
        TimeProvider clock, CancellationToken ct, Func<Post, Task>? attach = null, bool inEventRoom = false)
    {
        var errors = Validation.Check(r);
        var text = PostText.Normalize(r.Text);
        var refs = r.Media ?? [];
        if (text.Length == 0 && refs.Count == 0) errors.Add("text", "Write something or add an image.");
        if (PostText.Length(text) > Post.MaxLength) errors.Add("text", $"A post is at most {Post.MaxLength} characters; this one has {PostText.Length(text)}.");
        if (refs.Count > Post.MaxImages) errors.Add("media", $"A post has at most {Post.MaxImages} images.");
        if (refs.Select(m => m.Id).Distinct().Count() != refs.Count) errors.Add("media", "The same image is attached twice.");
        Audience? requested = null;
        if (!string.IsNullOrWhiteSpace(r.Audience))
        {
            if (Enum.TryParse<Audience>(r.Audience, ignoreCase: true, out var a) && Enum.IsDefined(a)) requested = a;
            else errors.Add("audience", "Choose public, members, clinicians, group, followers or direct.");
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);

        // Load what the post refers to; what the author may not see does not exist for them.
        Post? parent = null;
        if (r.InReplyToId is { } parentId)
        {
            parent = await LoadOriginalVisibleAsync(db, audiences, viewer, parentId, ct); // a reply to a repost answers the original
            if (parent is null) return Outcome.Invalid("inReplyToId", "The post you are replying to does not exist or is not visible to you.");
        }
        if (r.QuoteOfId is { } quoteId)
        {
            var quoted = await LoadVisibleAsync(db, audiences, viewer, quoteId, ct);
            if (quoted is null) return Outcome.Invalid("quoteOfId", "The post you are quoting does not exist or is not visible to you.");
            if (quoted.RepostOfId is not null) return Outcome.Invalid("quoteOfId", "Quote the original post, not a repost.");
        }

        var media = new List<PostMedia>();
        if (refs.Count > 0)
        {
            var ids = refs.Select(m => m.Id).ToList();
            media = await db.PostMedia.Where(PostMedia.Unattached).Where(m => ids.Contains(m.Id) && m.OwnerId == author.Id).ToListAsync(ct);
            if (media.Count != refs.Count) return Outcome.Invalid("media", "An attached image does not exist, is not yours or is already used in another post.");
            for (var i = 0; i < refs.Count; i++)
            {
                var m = media.Single(x => x.Id == refs[i].Id);
                var alt = string.IsNullOrWhiteSpace(refs[i].AltText) ? m.AltText : refs[i].AltText!.Trim();
                if (string.IsNullOrWhiteSpace(alt)) errors.Add($"media[{i}].altText", "Describe the image for people who cannot see it (alt text is required).");
                m.AltText = alt;
                m.Position = i;
            }
        }

        var handles = PostText.Mentions(text).Select(h => h.ToUpperInvariant()).ToList();
        var mentioned = handles.Count == 0 ? [] : await db.Users.Where(u => handles.Contains(u.NormalizedUserName!))
            .Select(u => new { u.Id, u.UserName }).ToListAsync(ct);

        // The audience: a reply keeps its thread's; otherwise what the author asked for, within what they may use.
        var audience = parent?.Audience ?? requested ?? Audience.Public;
        var groupId = parent is not null ? parent.GroupId : r.GroupId;
        if (parent is not null && requested is { } asked && asked != parent.Audience)
            errors.Add("audience", "A reply keeps the audience of the post it answers.");
        switch (audience)
        {
            case Audience.Clinicians when viewer.Kind is not (ViewerKind.VerifiedClinician or ViewerKind.Moderator or ViewerKind.Admin):
                errors.Add("audience", "Only verified clinicians can post to clinicians.");
                break;
            case Audience.Group when groupId is null:
                errors.Add("groupId", "Choose the group to post in.");
                break;
            case Audience.Group when !await db.GroupMemberships.AnyAsync(g => g.GroupId == groupId && g.MemberId == author.Id, ct):
                errors.Add("groupId", "You can post only in groups you belong to.");
                break;
            case Audience.Direct when mentioned.Count(m => m.Id != author.Id) == 0 && parent is null:
                errors.Add("audience", "A direct post goes to the members it mentions; mention at least one.");
                break;
        }
        if (audience != Audience.Group && r.GroupId is not null && parent is null) errors.Add("groupId", "Only a group post names a group.");
        // A post belongs to another object only where that object says so: a case's answers, a released quiz item.
        if (inEventRoom)
        {
            // The room (Events/EventMessages) checked the event and writes the message row in `attach`.
            if (r.ContextKind != "event" || r.ContextId is null || (parent is not null && (parent.ContextKind != "event" || parent.ContextId != r.ContextId)))
                errors.Add("inReplyToId", "Reply within the event's room.");
        }
        else if (r.ContextKind == "event" || parent?.ContextKind == "event")
            errors.Add(r.ContextKind == "event" ? "contextKind" : "inReplyToId", "Post in the event's room: its messages go through the room (slow mode, moderation, transcript).");
        else if (r.ContextKind == "quiz")
        {
            // A quiz item's post is made once, by an editor of its series, with the series' audience (the release job does it).
            if (r.ContextId is not { } itemId || parent is not null
                || await Quizzes.QuizAccess.LoadItemAsync(db, audiences, viewer, itemId, clock.GetUtcNow().UtcDateTime, ct) is not { IsEditor: true } quiz)
                errors.Add("contextId", "Only the series' editors post a quiz item.");
            else if (!quiz.Item.IsReleased(clock.GetUtcNow().UtcDateTime))
                errors.Add("contextId", "A quiz item is announced once it is released."); // an early post would reveal it before its time
            else if (audience != quiz.Item.Series.Audience || groupId != quiz.Item.Series.GroupId)
                errors.Add("audience", "A quiz item's post keeps its series' audience.");
        }
        else if (r.ContextKind is not null || r.ContextId is not null)
        {
            if (r.ContextKind != "case" || r.ContextId is not { } caseId) errors.Add("contextKind", "A post can belong to a case only (answer it on the case).");
            else if (await Cases.GetCase.LoadVisibleAsync(db, audiences, viewer, caseId, ct) is not { } @case)
                errors.Add("contextId", "The case does not exist or is not visible to you.");
            else if (parent is null && (audience != @case.Audience || groupId != @case.GroupId))
                errors.Add("audience", "An answer keeps the case's audience.");
            else if (parent is not null && (parent.ContextKind != "case" || parent.ContextId != caseId))
                errors.Add("inReplyToId", "Reply within the case: the post you answer is not part of it.");
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var guard = PrivacyGuard.Scan([("text", r.Text), ("contentWarning", r.ContentWarning), .. media.Select((m, i) => ($"media[{i}].altText", m.AltText))]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;

        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % 10)); // microseconds, as PostgreSQL stores them: the answer shows what a later read returns
        var post = new Post
        {
            AuthorId = author.Id, Text = text, ContentWarning = string.IsNullOrWhiteSpace(r.ContentWarning) ? null : r.ContentWarning.Trim(),
            Audience = audience, GroupId = audience == Audience.Group ? groupId : null,
            ReplyToId = parent?.Id, ReplyToAuthorId = parent?.AuthorId, ThreadRootId = parent is null ? null : parent.ThreadRootId ?? parent.Id,
            QuoteOfId = r.QuoteOfId, ContextKind = r.ContextKind ?? parent?.ContextKind, ContextId = r.ContextId ?? parent?.ContextId, CreatedAt = now, MediaCount = media.Count,
            Tags = PostText.Hashtags(text).Select(t => new PostTag { Tag = t }).ToList(),
            Mentions = mentioned.Select(m => new PostMention { MemberId = m.Id, Handle = m.UserName! }).ToList(),
            Papers = PostText.Papers(text).Select(k => new PostPaper { PaperKey = k }).ToList(),
            Media = media,
        };
        // A direct reply also reaches the author of the post it answers.
        if (audience == Audience.Direct && parent is not null && post.Mentions.All(m => m.MemberId != parent.AuthorId) && parent.AuthorId != author.Id)
            post.Mentions.Add(new PostMention { MemberId = parent.AuthorId, Handle = (await db.Users.Where(u => u.Id == parent.AuthorId).Select(u => u.UserName).SingleAsync(ct))! });

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Posts.Add(post);
        await db.SaveChangesAsync(ct);
        if (attach is not null) await attach(post);
        db.FeedEntries.Add(new FeedEntry { MemberId = author.Id, PostId = post.Id, AuthorId = author.Id }); // one's own post is home at once
        jobs.Enqueue(new DeliverPostJob(post.Id));
        PrivacyGuard.Record(db, author.Id, "post", post.Id, guard, now);
        await db.SaveChangesAsync(ct);
        if (parent is not null) await db.Posts.Where(p => p.Id == parent.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReplyCount, p => p.ReplyCount + 1), ct);
        if (r.QuoteOfId is { } q) await db.Posts.Where(p => p.Id == q).ExecuteUpdateAsync(s => s.SetProperty(p => p.QuoteCount, p => p.QuoteCount + 1), ct);
        await tx.CommitAsync(ct);
        return post;
    }

    /// <summary>A post the viewer may see, or null: missing, deleted, hidden and blocked are all the same answer.</summary>
    public static async Task<Post?> LoadVisibleAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        var post = await db.Posts.Include(p => p.Mentions).SingleOrDefaultAsync(p => p.Id == id && p.DeletedAt == null, ct);
        if (post is null || !await audiences.CanSeeAsync(viewer, post.Target, ct)) return null;
        // An event's message also follows its event (and its room's moderation).
        return post.ContextKind == "event" && (await PostViews.HiddenEventPostsAsync(db, audiences, viewer, [post], ct)).Count > 0 ? null : post;
    }

    /// <summary>The post a reply, like, bookmark or repost lands on: the post itself, or for a repost row its original; null when either is not visible.</summary>
    public static async Task<Post?> LoadOriginalVisibleAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, CancellationToken ct)
    {
        var post = await LoadVisibleAsync(db, audiences, viewer, id, ct);
        return post?.RepostOfId is { } original ? await LoadVisibleAsync(db, audiences, viewer, original, ct) : post;
    }

    public static async Task<Results<Created<PostView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var author = (await me.MemberAsync(ct))!;
        var outcome = await RunAsync(author, viewer, request, db, audiences, jobs, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var now = clock.GetUtcNow().UtcDateTime;
        var view = PostViews.OfNewPost(outcome.Value!, author, now) ?? await GetPost.ViewAsync(db, audiences, viewer, outcome.Value!.Id, now, ct);
        return TypedResults.Created($"/api/v1/posts/{view!.Id}", view);
    }
}

public static class GetPost
{
    public static async Task<PostView?> ViewAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now, CancellationToken ct)
    {
        var post = await PostViews.LoadCardAsync(db, id, ct);
        if (post is null) return null;
        return (await PostViews.VisibleAsync(db, audiences, viewer, [post], now, ct, hideMuted: false)).SingleOrDefault();
    }

    public static async Task<Results<Ok<PostView>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db,
        Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }
}
