namespace Rounds.Web.Infrastructure.Live;

public static class LiveSetup
{
    /// <summary>SignalR, with the Redis backplane when Rounds:Redis is set so every node's clients get every event.</summary>
    public static IServiceCollection AddRoundsLive(this IServiceCollection services, IConfiguration config)
    {
        var signalr = services.AddSignalR();
        if (config["Rounds:Redis"] is { Length: > 0 } redis)
            signalr.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("rounds"));
        services.AddSingleton<LivePublisher>();
        return services;
    }
}
