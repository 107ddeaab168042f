using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Ical.Net.Evaluation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rounds.Web.Data;
using Rounds.Web.Features.Accounts;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Events;

/// <summary>
/// An organizer starts a recurring chat (#MedEd on Thursdays at 9 pm Eastern): the rule, the first start as local wall-clock time in an
/// IANA zone, the length and the host. The checks common to every event are <see cref="CreateEvent"/>'s; the occurrences over the
/// rolling horizon are written in the same transaction (<see cref="ChatSeries.MaterializeAsync"/>), each keeping its original start.
/// </summary>
public static class CreateChat
{
    public sealed record Request(
        [MaxLength(Event.MaxTitle)] string? Title,
        string? Hashtag,
        string? Rule,
        string? FirstStart,
        string? TimeZone,
        int? DurationMinutes = 60,
        [MaxLength(Event.MaxDescription)] string? Description = null,
        string? Audience = "members",
        long? GroupId = null,
        string? HostHandle = null,
        List<CreateEvent.HostInput>? Hosts = null,
        bool OverridePrivacy = false);

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss.fff"];

    public static async Task<Outcome<Event>> RunAsync(Member owner, Viewer viewer, Request r, RoundsDb db, Audiences audiences, TimeProvider clock, CancellationToken ct)
    {
        if (!EventAccess.IsOrganizer(viewer)) return Outcome.Forbidden("Only verified clinicians, moderators and admins can organize events.");
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        void Add(string k, string v) { if (!errors.ContainsKey(k)) errors[k] = [v]; }

        var pattern = ChatSeries.Parse(r.Rule, out var ruleError);
        if (ruleError is not null) Add("rule", ruleError);
        var zone = Quizzes.QuizSchedule.FindZone(r.TimeZone);
        if (zone is null) Add("timeZone", "Give an IANA time zone such as Europe/London or America/New_York.");
        DateTime first = default;
        if (string.IsNullOrWhiteSpace(r.FirstStart) || !DateTime.TryParseExact(r.FirstStart.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
            Add("firstStart", "Give the first start as local wall-clock time, e.g. 2027-03-04T21:00 (no offset: the time zone says where).");
        var duration = r.DurationMinutes ?? 0;
        if (duration is < ChatSeries.MinDuration or > ChatSeries.MaxDuration)
            Add("durationMinutes", $"A chat lasts between {ChatSeries.MinDuration} minutes and {ChatSeries.MaxDuration / 60} hours.");

        List<(DateTime Start, DateTime End)> occurrences = [];
        if (pattern is not null && zone is not null && !errors.ContainsKey("firstStart") && !errors.ContainsKey("durationMinutes"))
        {
            var rule = ChatSeries.Canonical(pattern);
            if (pattern.Until is { } until && until.AsUtc > first + ChatSeries.MaxUntil)
                Add("rule", $"UNTIL lies at most {ChatSeries.MaxUntil.TotalDays / 366:0} years after the first start.");
            else if (pattern.Until is { } u2 && u2.AsUtc <= now) Add("rule", "UNTIL must be in the future.");
            else
            {
                try { occurrences = ChatSeries.Occurrences(rule, zone.Id, first, duration, now + ChatSeries.Horizon + TimeSpan.FromDays(366 * 5), 2).ToList(); }
                catch (EvaluationLimitExceededException) { Add("rule", "This rule never gives a date."); }
                catch (ArgumentException) { Add("rule", "This rule cannot be evaluated from the first start."); }
                if (!errors.ContainsKey("rule") && occurrences.Count == 0) Add("rule", "This rule gives no date from the first start.");
                else if (occurrences.Count > 0 && occurrences[0].End <= now) Add("firstStart", "The first occurrence must be in the future.");
            }
        }

        long? hostId = null;
        if (!string.IsNullOrWhiteSpace(r.HostHandle))
        {
            var key = r.HostHandle.Trim().TrimStart('@').ToUpperInvariant();
            hostId = await db.Users.Where(u => u.NormalizedUserName == key).Select(u => (long?)u.Id).SingleOrDefaultAsync(ct);
            if (hostId is null) Add("hostHandle", $"No member has the handle @{r.HostHandle.Trim().TrimStart('@')}.");
        }

        // The common checks run even when the rule is wrong, so the form shows every problem at once.
        var hosts = (r.Hosts ?? []).ToList();
        if (hostId is not null && hostId != owner.Id && !hosts.Any(h => string.Equals(h.Handle?.Trim().TrimStart('@'), r.HostHandle!.Trim().TrimStart('@'), StringComparison.OrdinalIgnoreCase)))
            hosts.Add(new CreateEvent.HostInput(r.HostHandle!.Trim(), "host"));
        var common = new CreateEvent.Request("chat", r.Title, r.Hashtag, r.Description, r.Audience, r.GroupId, r.TimeZone, Hosts: hosts, OverridePrivacy: r.OverridePrivacy);
        if (errors.Count > 0)
        {
            // Validate the common fields too (nothing is written when there are errors).
            try
            {
                var check = await CreateEvent.RunAsync(owner, viewer, common with { OverridePrivacy = true }, db, audiences, clock, ct, recurring: true,
                    configure: _ => throw new AbortCreate());
                if (check.Kind == OutcomeKind.Invalid) foreach (var (k, v) in check.FormErrors()) errors.TryAdd(k, v);
            }
            catch (AbortCreate) { } // the common fields are fine: stop before anything is written
            return Outcome.Invalid(errors);
        }

        if (occurrences.Count == 0) return Outcome.Invalid("rule", "This rule gives no date from the first start.");
        var firstStart = occurrences[0].Start;
        // The first occurrence's date with the requested wall-clock time: a first date whose time the clocks skip moves that one
        // occurrence past the gap, not the whole series.
        var firstLocal = ChatSeries.Local(firstStart, zone!.Id).Date + first.TimeOfDay;
        return await CreateEvent.RunAsync(owner, viewer, common, db, audiences, clock, ct, recurring: true, configure: ev =>
        {
            ev.Recurrence = ChatSeries.Canonical(pattern!);
            // Wall-clock digits, stored with the UTC kind every DateTime column has (read back as unspecified local time in the zone).
            ev.SeriesStartLocal = DateTime.SpecifyKind(firstLocal, DateTimeKind.Utc);
            ev.DurationMinutes = duration;
            // Materialized with the event in CreateEvent's transaction: the sessions reference the new event by navigation.
            ChatSeries.MaterializeAsync(db, ev, now, hostId, ct).GetAwaiter().GetResult();
        });
    }

    private sealed class AbortCreate : Exception;

    public static async Task<Results<Created<EventView>, ProblemHttpResult>> HandleAsync(Request request, CurrentUser me, RoundsDb db, Audiences audiences,
        TimeProvider clock, CancellationToken ct)
    {
        var viewer = await me.ViewerAsync(ct);
        var outcome = await RunAsync((await me.MemberAsync(ct))!, viewer, request, db, audiences, clock, ct);
        if (!outcome.IsOk) return outcome.Problem();
        var view = await GetEvent.ViewAsync(db, audiences, viewer, outcome.Value!.Id, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/events/{view!.Id}", view);
    }
}
