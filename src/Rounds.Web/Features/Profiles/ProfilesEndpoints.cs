namespace Rounds.Web.Features.Profiles;

public static class ProfilesEndpoints
{
    public static IEndpointRouteBuilder MapProfiles(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Profiles");
        api.MapGet("/specialties", (SpecialtyTaxonomy t) => TypedResults.Ok(t.All));
        api.MapGet("/profiles/{handle}", GetProfile.HandleAsync);
        var me = api.MapGroup("/me").RequireAuthorization();
        me.MapPut("/profile", UpdateProfile.HandleAsync);
        me.MapPut("/avatar", UploadAvatar.HandleAsync).DisableAntiforgery(); // bearer-only: no ambient credential to forge
        me.MapGet("/classmates", FindClassmates.HandleAsync);

        app.MapGet("/media/avatars/{handle}", GetAvatar.HandleAsync).ExcludeFromDescription();
        return app;
    }
}
