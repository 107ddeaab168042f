using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Posts;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Timelines;

/// <summary>
/// The timelines: each is a source of post ids (an index range scan) fed to <see cref="Timeline.ReadAsync"/>,
/// which applies the audience check. Pages and the API share these methods.
/// </summary>
public static class ReadTimelines
{
    // A home row outlives a removed post (a withdrawn repost, an erased member's posts) until trimmed: only rows whose post exists count,
    // or a slice short of posts would end the timeline early.
    private static readonly TimelineKind<long> HomeKind = new((db, me, b, a) =>
        db.FeedEntries.Where(f => f.MemberId == me && f.PostId < b && f.PostId > a && db.Posts.Any(p => p.Id == f.PostId)).Select(f => f.PostId));

    private static readonly TimelineKind<Audience[]> LocalKind = new((db, allowed, b, a) =>
        db.Posts.Where(p => p.Id < b && p.Id > a && p.DeletedAt == null && p.ReplyToId == null && p.RepostOfId == null && allowed.Contains(p.Audience))
            .Select(p => p.Id));

    private static readonly TimelineKind<string> TagKind = new((db, t, b, a) =>
        db.PostTags.Where(x => x.Tag == t && x.PostId < b && x.PostId > a).Select(x => x.PostId));

    private static readonly TimelineKind<long> ProfileKind = new((db, author, b, a) =>
        db.Posts.Where(p => p.AuthorId == author && p.Id < b && p.Id > a && p.DeletedAt == null && p.ReplyToId == null).Select(p => p.Id));

    private static readonly TimelineKind<long> ProfileWithRepliesKind = new((db, author, b, a) =>
        db.Posts.Where(p => p.AuthorId == author && p.Id < b && p.Id > a && p.DeletedAt == null).Select(p => p.Id));

    private static readonly TimelineKind<long> ListKind = new((db, listId, b, a) =>
        db.Posts.Where(p => db.MemberListEntries.Any(e => e.ListId == listId && e.MemberId == p.AuthorId)
            && p.Id < b && p.Id > a && p.DeletedAt == null && p.ReplyToId == null).Select(p => p.Id));

    private static readonly TimelineKind<string> PaperKind = new((db, key, b, a) =>
        db.PostPapers.Where(x => x.PaperKey == key && x.PostId < b && x.PostId > a).Select(x => x.PostId));

    private static readonly TimelineKind<long> BookmarksKind = new((db, me, b, a) =>
        db.Bookmarks.Where(x => x.MemberId == me && x.PostId < b && x.PostId > a).Select(x => x.PostId));

    public static TimelineSource Home(long me) => HomeKind.For(me);

    public static TimelineSource Local(Viewer viewer) =>
        LocalKind.For([.. Timeline.LocalAudiences.Where(x => Audiences.KindAllows(viewer.Kind, x))]);

    public static TimelineSource Tag(string tag) => TagKind.For(PostText.NormalizeTag(tag));

    public static TimelineSource Profile(long author, bool withReplies = false) => (withReplies ? ProfileWithRepliesKind : ProfileKind).For(author);

    public static TimelineSource List(long listId) => ListKind.For(listId);

    public static TimelineSource Paper(string key) => PaperKind.For(key);

    public static TimelineSource Bookmarks(long me) => BookmarksKind.For(me);

    private static async Task<Ok<TimelinePage>> Read(TimelineSource source, PageRequest page, Viewer viewer, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await Timeline.ReadAsync(db, audiences, viewer, source, page, clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<Results<Ok<TimelinePage>, WarmPage>> HomeAsync([AsParameters] PageRequest page, CurrentUser me, RoundsDb db, Audiences audiences,
        WarmTimelines warm, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        if (await warm.HomeAsync(db, audiences, viewer, page, clock.GetUtcNow().UtcDateTime, ct) is { } warmPage) return warmPage;
        await db.Database.OpenConnectionAsync(ct); // several statements follow
        return await Read(Home(me.Id!.Value), page, viewer, db, audiences, clock, ct);
    }

    public static async Task<Ok<TimelinePage>> LocalAsync([AsParameters] PageRequest page, CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        return await Read(Local(viewer), page, viewer, db, audiences, clock, ct);
    }

    public static async Task<Results<Ok<TimelinePage>, WarmPage>> TagAsync(string tag, [AsParameters] PageRequest page, CurrentUser me, RoundsDb db,
        Audiences audiences, WarmTimelines warm, TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        if (await warm.TagAsync(db, audiences, viewer, tag, page, clock.GetUtcNow().UtcDateTime, ct) is { } warmPage) return warmPage;
        await db.Database.OpenConnectionAsync(ct); // several statements follow
        return await Read(Tag(tag), page, viewer, db, audiences, clock, ct);
    }

    public static async Task<Results<Ok<TimelinePage>, NotFound<ProblemDetails>>> ProfileAsync(string handle, [AsParameters] PageRequest page,
        [FromQuery(Name = "with_replies")] bool? withReplies, CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var member = await GetProfile.LoadVisibleAsync(handle, me, db, audiences, ct);
        if (member is null) return TypedResults.NotFound(Problems.NotFound());
        return await Read(Profile(member.Id, withReplies == true), page, await me.ViewerAsync(ct), db, audiences, clock, ct);
    }

    public static async Task<Results<Ok<TimelinePage>, NotFound<ProblemDetails>>> ListAsync(long id, [AsParameters] PageRequest page,
        CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.MemberLists.AnyAsync(l => l.Id == id && l.OwnerId == me.Id, ct)) return TypedResults.NotFound(Problems.NotFound());
        return await Read(List(id), page, await me.ViewerAsync(ct), db, audiences, clock, ct);
    }

    public static async Task<Results<Ok<TimelinePage>, ProblemHttpResult>> PaperAsync([FromQuery] string? doi, [FromQuery] string? pmid,
        [AsParameters] PageRequest page, CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        var key = PostText.PaperKey(doi, pmid);
        if (key is null) return Problems.From<TimelinePage>(Outcome.Invalid("doi", "Give a DOI (10.xxxx/…) or a PubMed id (pmid)."));
        return await Read(Paper(key), page, await me.ViewerAsync(ct), db, audiences, clock, ct);
    }

    public static async Task<Ok<TimelinePage>> BookmarksAsync([AsParameters] PageRequest page, CurrentUser me, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct) =>
        await Read(Bookmarks(me.Id!.Value), page, await me.ViewerAsync(ct), db, audiences, clock, ct);
}

public static class TimelinesEndpoints
{
    public static IEndpointRouteBuilder MapTimelines(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/timelines").WithTags("Timelines");
        api.MapGet("/home", ReadTimelines.HomeAsync).RequireAuthorization().WithMetadata(Infrastructure.Auth.OpensItsOwnConnection.Instance);
        api.MapGet("/local", ReadTimelines.LocalAsync);
        api.MapGet("/tags/{tag}", ReadTimelines.TagAsync).WithMetadata(Infrastructure.Auth.OpensItsOwnConnection.Instance);
        api.MapGet("/members/{handle}", ReadTimelines.ProfileAsync);
        api.MapGet("/lists/{id:long}", ReadTimelines.ListAsync).RequireAuthorization();
        api.MapGet("/papers", ReadTimelines.PaperAsync);
        app.MapGet("/api/v1/bookmarks", ReadTimelines.BookmarksAsync).WithTags("Timelines").RequireAuthorization();
        return app;
    }
}
