using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Features.Notifications;
using Rounds.Web.Features.Privacy;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;
using Rounds.Web.Infrastructure.Jobs;

namespace Rounds.Web.Features.Posts;

/// <summary>
/// Changes a post's text and content warning. The version it replaces is kept (the history stays visible), and the
/// hashtags, mentions and papers are derived again with the same rules as a new post.
/// </summary>
public static class EditPost
{
    public sealed record Request(string? Text, [MaxLength(200)] string? ContentWarning = null, bool OverridePrivacy = false);

    public static async Task<Outcome<Post>> RunAsync(Member editor, Viewer viewer, long id, Request r, RoundsDb db, Audiences audiences, JobQueue jobs,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = Validation.Check(r);
        var text = PostText.Normalize(r.Text);
        if (PostText.Length(text) > Post.MaxLength) errors.Add("text", $"A post is at most {Post.MaxLength} characters; this one has {PostText.Length(text)}.");
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var post = await db.Posts.Include(p => p.Tags).Include(p => p.Mentions).Include(p => p.Papers)
            .SingleOrDefaultAsync(p => p.Id == id && p.DeletedAt == null, ct);
        if (post is null) return Outcome.NotFound();
        if (post.AuthorId != editor.Id)
            return await audiences.CanSeeAsync(viewer, post.Target, ct) ? Outcome.Forbidden("Only the author can edit a post.") : Outcome.NotFound();
        if (post.RepostOfId is not null) return Outcome.Invalid("text", "A repost has no text to edit; edit the original post instead.");
        if (text.Length == 0 && post.MediaCount == 0) return Outcome.Invalid("text", "Write something; a post without images needs text.");

        var warning = string.IsNullOrWhiteSpace(r.ContentWarning) ? null : r.ContentWarning.Trim();
        if (text == post.Text && warning == post.ContentWarning) return post; // nothing changed: no new version
        var guard = PrivacyGuard.Scan([("text", r.Text), ("contentWarning", r.ContentWarning)]);
        if (PrivacyGuard.Warn(guard, r.OverridePrivacy) is { } unsafeText) return unsafeText;

        var handles = PostText.Mentions(text).Select(h => h.ToUpperInvariant()).ToList();
        var mentioned = handles.Count == 0 ? [] : await db.Users.Where(u => handles.Contains(u.NormalizedUserName!))
            .Select(u => new { u.Id, u.UserName }).ToListAsync(ct);
        var had = post.Mentions.Select(m => m.MemberId).ToHashSet();
        var added = mentioned.Where(m => !had.Contains(m.Id)).ToList();
        // A direct post's recipients are its audience: an edit may neither reveal it to new people nor take it back.
        if (post.Audience == Audience.Direct && added.Any(m => m.Id != editor.Id))
            return Outcome.Invalid("text", "A direct post keeps its recipients; start a new post to include someone else.");

        var now = clock.GetUtcNow().UtcDateTime;
        db.PostEdits.Add(new PostEdit
        {
            PostId = post.Id, Text = post.Text, ContentWarning = post.ContentWarning, PublishedAt = post.EditedAt ?? post.CreatedAt, ReplacedAt = now,
        });
        post.Text = text;
        post.ContentWarning = warning;
        post.EditedAt = now;

        // Rows whose key stays are kept; removing and re-adding the same key in one save would clash.
        var tags = PostText.Hashtags(text);
        post.Tags.RemoveAll(t => !tags.Contains(t.Tag));
        post.Tags.AddRange(tags.Where(t => post.Tags.All(x => x.Tag != t)).Select(t => new PostTag { Tag = t }));
        var papers = PostText.Papers(text);
        post.Papers.RemoveAll(p => !papers.Contains(p.PaperKey));
        post.Papers.AddRange(papers.Where(k => post.Papers.All(x => x.PaperKey != k)).Select(k => new PostPaper { PaperKey = k }));
        if (post.Audience != Audience.Direct)
        {
            var ids = mentioned.Select(m => m.Id).ToHashSet();
            post.Mentions.RemoveAll(m => !ids.Contains(m.MemberId));
            post.Mentions.AddRange(added.Select(m => new PostMention { MemberId = m.Id, Handle = m.UserName! }));
            foreach (var m in added) jobs.Enqueue(new NotifyJob(m.Id, NotificationKind.Mention, editor.Id, post.Id));
        }

        PrivacyGuard.Record(db, editor.Id, "post", post.Id, guard, now);
        await db.SaveChangesAsync(ct);
        return post;
    }

    public static async Task<Results<Ok<PostView>, ProblemHttpResult>> HandleAsync(long id, Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        JobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, id, request, db, audiences, jobs, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetPost.ViewAsync(db, audiences, viewer, id, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(view!);
    }
}

/// <summary>One version of a post, as it read from <see cref="PublishedAt"/> until it was replaced (null: the current one).</summary>
public sealed record PostVersion(string Text, string Html, string? ContentWarning, DateTime PublishedAt, DateTime? ReplacedAt, bool Current);

/// <summary>Every version of a post the viewer may see, newest first.</summary>
public static class GetPostHistory
{
    public static async Task<Outcome<List<PostVersion>>> RunAsync(Viewer viewer, long id, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var post = await CreatePost.LoadOriginalVisibleAsync(db, audiences, viewer, id, ct);
        if (post is null) return Outcome.NotFound();
        var handles = post.Mentions.Select(m => m.Handle.ToLowerInvariant()).ToHashSet();
        var edits = await db.PostEdits.AsNoTracking().Where(e => e.PostId == post.Id).OrderByDescending(e => e.Id).ToListAsync(ct);
        var versions = new List<PostVersion>
        {
            new(post.Text, PostText.ToHtml(post.Text, handles), post.ContentWarning, post.EditedAt ?? post.CreatedAt, null, true),
        };
        versions.AddRange(edits.Select(e => new PostVersion(e.Text, PostText.ToHtml(e.Text, handles), e.ContentWarning, e.PublishedAt, e.ReplacedAt, false)));
        return versions;
    }

    public static async Task<Results<Ok<List<PostVersion>>, ProblemHttpResult>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences, CancellationToken ct)
    {
        var outcome = await RunAsync(await me.ViewerAsync(ct), id, db, audiences, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Problem();
    }
}
