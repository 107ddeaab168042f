using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// The measures of Neill et al. (Emerg Med J 2014) for one scope (the whole conference, a day, a session). Shares are fractions of
/// <see cref="Posts"/> or <see cref="Authors"/>, null when there is nothing to divide.
/// </summary>
public sealed record ReportFigures(int Posts, int Authors, int OnSiteAuthors, double? OnSiteAuthorShare, int OnSitePosts, double? OnSitePostShare,
    int ClinicalOrResearchPosts, int SocialOrPromotionalPosts, int UnclassifiedPosts, double? ClinicalOrResearchShare, double? SocialOrPromotionalShare,
    double? UnclassifiedShare, int LabelledPosts, int Speakers, int SpeakersOnPlatform, double? SpeakersOnPlatformShare, int SpeakersWhoPosted);

public sealed record ReportDay(string Date, string Label, ReportFigures Figures);

public sealed record ReportSession(long Id, string Title, string? Room, string Day, string Starts, string Ends, ReportFigures Figures);

public sealed record ConferenceReportView(long EventId, string Title, string Hashtag, string TimeZone, DateTime GeneratedAt, bool Final, ReportFigures Overall,
    IReadOnlyList<ReportDay> Days, IReadOnlyList<ReportSession> Sessions, string Url, string CsvUrl);

/// <summary>
/// The conference report: posts, distinct authors, the share of authors and of posts from on-site attendees (as checked in when each post was
/// made), the share of posts on clinical or research content vs. social or promotional — by a moderator's label, otherwise by session linkage
/// (a post attached to a session counts as clinical/research; the rest is unclassified) — and speakers present on the platform; overall, per day
/// (in the event's time zone) and per session. Hidden and deleted posts do not count. Anyone who can see the conference can see its report
/// (docs/decisions/0009-conference-report.md).
/// </summary>
public static class ConferenceReport
{
    private sealed record Row(long PostId, long AuthorId, long? SessionId, bool OnSite, MessageLabel? Label, DateTime PostedAt);

    private sealed record Speaker(string Key, long? MemberId);

    public static async Task<ConferenceReportView?> ViewAsync(RoundsDb db, Audiences audiences, Viewer viewer, long id, DateTime now, CancellationToken ct)
    {
        var ev = await EventAccess.LoadVisibleAsync(db, audiences, viewer, id, ct);
        if (ev is null || ev.Kind != EventKind.Conference) return null;
        var zone = ConferenceProgram.Zone(ev);
        var sessions = await db.EventSessions.AsNoTracking().Where(s => s.EventId == ev.Id && !s.Skipped).Include(s => s.Speakers).OrderBy(s => s.StartsAt).ThenBy(s => s.Room)
            .AsSplitQuery().ToListAsync(ct);
        var rows = await db.EventMessages.AsNoTracking().Where(m => m.EventId == ev.Id && m.HiddenAt == null)
            .Join(db.Posts.Where(p => p.DeletedAt == null), m => m.PostId, p => p.Id, (m, p) => m)
            .Select(m => new Row(m.PostId, m.AuthorId, m.SessionId, m.AuthorOnSite == true, m.Label, m.PostedAt)).ToListAsync(ct);

        static Speaker KeyOf(EventSpeaker s) => new(s.MemberId is { } m ? $"m:{m}" : $"n:{s.Name.Trim().ToUpperInvariant()}", s.MemberId);
        string DayOf(DateTime utc) => ConferenceProgram.Local(utc, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var dayKeys = sessions.Select(s => DayOf(s.StartsAt)).Concat(rows.Select(r => DayOf(r.PostedAt))).Distinct().Order().ToList();
        var days = dayKeys.Select(d => new ReportDay(d, DateTime.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture),
            Figures(rows.Where(r => DayOf(r.PostedAt) == d).ToList(), sessions.Where(s => DayOf(s.StartsAt) == d).SelectMany(s => s.Speakers).Select(KeyOf)))).ToList();
        var perSession = sessions.Select(s => new ReportSession(s.Id, s.Title, s.Room, DayOf(s.StartsAt),
            ConferenceProgram.Local(s.StartsAt, zone).ToString("HH:mm", CultureInfo.InvariantCulture), ConferenceProgram.Local(s.EndsAt, zone).ToString("HH:mm", CultureInfo.InvariantCulture),
            Figures(rows.Where(r => r.SessionId == s.Id).ToList(), s.Speakers.Select(KeyOf)))).ToList();
        return new ConferenceReportView(ev.Id, ev.Title, ev.Hashtag, zone.Id, now, EventAccess.IsOver(ev, sessions, now),
            Figures(rows, sessions.SelectMany(s => s.Speakers).Select(KeyOf)), days, perSession, $"/events/{ev.Id}/report", $"/events/{ev.Id}/report.csv");
    }

    /// <summary>An author counts as on-site in a scope when any of their posts in it was made while checked in on site.</summary>
    private static ReportFigures Figures(IReadOnlyList<Row> posts, IEnumerable<Speaker> speakerList)
    {
        var authors = posts.Select(p => p.AuthorId).Distinct().ToList();
        var onSiteAuthors = posts.Where(p => p.OnSite).Select(p => p.AuthorId).Distinct().Count();
        var onSitePosts = posts.Count(p => p.OnSite);
        var clinical = posts.Count(p => p.Label is MessageLabel.Clinical or MessageLabel.Research || (p.Label is null && p.SessionId is not null));
        var social = posts.Count(p => p.Label is MessageLabel.Social or MessageLabel.Promotional);
        var unclassified = posts.Count - clinical - social;
        var speakers = speakerList.DistinctBy(s => s.Key).ToList();
        var onPlatform = speakers.Where(s => s.MemberId is not null).Select(s => s.MemberId!.Value).ToList();
        var posted = onPlatform.Count(m => authors.Contains(m));
        return new ReportFigures(posts.Count, authors.Count, onSiteAuthors, Share(onSiteAuthors, authors.Count), onSitePosts, Share(onSitePosts, posts.Count),
            clinical, social, unclassified, Share(clinical, posts.Count), Share(social, posts.Count), Share(unclassified, posts.Count), posts.Count(p => p.Label is not null),
            speakers.Count, onPlatform.Count, Share(onPlatform.Count, speakers.Count), posted);
    }

    private static double? Share(int part, int of) => of == 0 ? null : Math.Round((double)part / of, 4);

    public static string Csv(ConferenceReportView r)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        // Session titles and rooms are written by organizers: escape anything a spreadsheet would run as a formula.
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape }, true))
        {
            csv.WriteRecord(["event", "hashtag", "time_zone", "final", "scope", "day", "session_id", "session", "room", "starts", "ends",
                "posts", "authors", "onsite_authors", "onsite_author_share", "onsite_posts", "onsite_post_share",
                "clinical_research_posts", "social_promotional_posts", "unclassified_posts", "clinical_research_share", "social_promotional_share", "unclassified_share",
                "labelled_posts", "speakers", "speakers_on_platform", "speakers_on_platform_share", "speakers_who_posted"]);
            string N(int v) => v.ToString(CultureInfo.InvariantCulture);
            string S(double? v) => v is { } x ? x.ToString("0.####", CultureInfo.InvariantCulture) : "";
            void Write(string scope, string day, string sessionId, string session, string room, string starts, string ends, ReportFigures f) =>
                csv.WriteRecord([N((int)r.EventId), r.Hashtag, r.TimeZone, r.Final ? "yes" : "no", scope, day, sessionId, session, room, starts, ends,
                    N(f.Posts), N(f.Authors), N(f.OnSiteAuthors), S(f.OnSiteAuthorShare), N(f.OnSitePosts), S(f.OnSitePostShare),
                    N(f.ClinicalOrResearchPosts), N(f.SocialOrPromotionalPosts), N(f.UnclassifiedPosts), S(f.ClinicalOrResearchShare), S(f.SocialOrPromotionalShare),
                    S(f.UnclassifiedShare), N(f.LabelledPosts), N(f.Speakers), N(f.SpeakersOnPlatform), S(f.SpeakersOnPlatformShare), N(f.SpeakersWhoPosted)]);
            Write("overall", "", "", "", "", "", "", r.Overall);
            foreach (var d in r.Days) Write("day", d.Date, "", "", "", "", "", d.Figures);
            foreach (var s in r.Sessions) Write("session", s.Day, s.Id.ToString(CultureInfo.InvariantCulture), s.Title, s.Room ?? "", s.Starts, s.Ends, s.Figures);
            csv.Flush();
        }
        return text.ToString();
    }

    public static async Task<Results<Ok<ConferenceReportView>, NotFound<ProblemDetails>>> HandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound()) : TypedResults.Ok(view);
    }

    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> CsvHandleAsync(long id, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var view = await ViewAsync(db, audiences, await me.ViewerAsync(ct), id, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound(Problems.NotFound())
            : TypedResults.File(Encoding.UTF8.GetBytes(Csv(view)), "text/csv; charset=utf-8", $"{view.Hashtag}-report.csv");
    }
}
