using Microsoft.AspNetCore.Components;
using Rounds.Web.Data;
using Rounds.Web.Infrastructure;
using Rounds.Web.Infrastructure.Audiences;

namespace Rounds.Web.Features.Timelines.Pages;

/// <summary>What every timeline page shares: the viewer, the max_id cursor from the address, and the read itself.</summary>
public abstract class TimelinePageBase : ComponentBase
{
    [Inject] protected CurrentUser Me { get; set; } = null!;
    [Inject] protected RoundsDb Db { get; set; } = null!;
    [Inject] protected Audiences Audiences { get; set; } = null!;
    [Inject] protected TimeProvider Clock { get; set; } = null!;
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "max_id")] public long? MaxId { get; set; }

    protected Viewer Viewer { get; private set; } = Viewer.Anonymous;
    protected TimelinePage? Page { get; private set; }

    protected async Task ReadAsync(Func<Viewer, TimelineSource> source)
    {
        Viewer = await Me.ViewerAsync();
        Page = await Timeline.ReadAsync(Db, Audiences, Viewer, source(Viewer), new PageRequest(MaxId: MaxId), Clock.GetUtcNow().UtcDateTime, default);
    }

    protected void NotFound() => HttpContext.Response.StatusCode = 404;
}
