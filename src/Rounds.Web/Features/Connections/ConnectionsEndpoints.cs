namespace Rounds.Web.Features.Connections;

public static class ConnectionsEndpoints
{
    public static IEndpointRouteBuilder MapConnections(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Connections").RequireAuthorization();

        var member = api.MapGroup("/members/{handle}");
        member.MapPost("/follow", FollowMember.HandleAsync);
        member.MapDelete("/follow", UnfollowMember.HandleAsync);
        member.MapPost("/block", BlockMember.HandleAsync);
        member.MapDelete("/block", UnblockMember.HandleAsync);
        member.MapPost("/mute", MuteMember.HandleAsync);
        member.MapDelete("/mute", UnmuteMember.HandleAsync);
        member.MapGet("/relationship", ReadConnections.RelationshipHandleAsync);

        api.MapPost("/tags/{tag}/follow", FollowHashtag.HandleAsync);
        api.MapDelete("/tags/{tag}/follow", UnfollowHashtag.HandleAsync);

        var lists = api.MapGroup("/lists");
        lists.MapGet("/", MemberLists.ListAsync);
        lists.MapPost("/", CreateMemberList.HandleAsync);
        lists.MapPut("/{id:long}", RenameMemberList.HandleAsync);
        lists.MapDelete("/{id:long}", DeleteMemberList.HandleAsync);
        lists.MapGet("/{id:long}/members", MemberLists.MembersHandleAsync);
        lists.MapPost("/{id:long}/members/{handle}", AddToMemberList.HandleAsync);
        lists.MapDelete("/{id:long}/members/{handle}", RemoveFromMemberList.HandleAsync);

        var me = api.MapGroup("/me");
        me.MapGet("/following", ReadConnections.FollowingHandleAsync);
        me.MapGet("/followers", ReadConnections.FollowersHandleAsync);
        me.MapGet("/blocks", ReadConnections.BlocksHandleAsync);
        me.MapGet("/mutes", ReadConnections.MutesHandleAsync);
        me.MapGet("/tags", ReadConnections.TagsHandleAsync);
        return app;
    }
}
