using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rounds.Web.Features.Profiles;
using Rounds.Web.Infrastructure;

namespace Rounds.Web.Features.Accounts;

public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Accounts");
        api.MapPost("/accounts", SignUp.HandleAsync).AllowAnonymous();
        var me = api.MapGroup("/me").RequireAuthorization();
        me.MapGet("/", GetProfile.MineAsync);
        me.MapGet("/tokens", ListAccessTokens.HandleAsync);
        me.MapPost("/tokens", CreateAccessToken.HandleAsync);
        me.MapDelete("/tokens/{id:long}", RevokeAccessToken.HandleAsync);

        // Web sign-out is a form post, so a link cannot sign anyone out.
        app.MapPost("/account/sign-out", async (SignInManager<Member> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(LocalUrls.OrHome(returnUrl));
        }).RequireAuthorization();
        return app;
    }
}
