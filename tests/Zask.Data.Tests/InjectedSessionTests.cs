using Microsoft.Extensions.DependencyInjection;
using Zask.ZeroRpc;

namespace Zask.Data.Tests;

/// <summary>A scoped ZeroRPC service gets its own database session per call through dependency injection.</summary>
public class InjectedSessionTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Each_call_of_a_scoped_service_gets_its_own_session_ended_with_the_call(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var app = env.App(env.NewUri("main"), settings: new Dictionary<string, object?>
        {
            ["ZERORPC_ACCOUNTS"] = new Dictionary<string, object> { ["1.0"] = "tcp://127.0.0.1:" + FreeTcpPort(), ["default"] = "1.0", ["access_key"] = "k" },
        });
        var db = env.Db(app, typeof(User));
        db.CreateAll();
        app.Services.AddSingleton<SessionLedger>();
        var rpc = app.Services.AddZeroRpc().MapService<InjectedSessionService>().Extension;
        await app.StartAsync();
        try
        {
            await using var client = rpc.Client("accounts");
            (await client.CallAsync<int>("add_user", "ann")).Should().BePositive();
            (await client.CallAsync<int>("add_user", "bob")).Should().BePositive();
            (await client.CallAsync<int>("count_users")).Should().Be(2, "each call committed in its own session");

            var sessions = app.ServiceProvider.GetRequiredService<SessionLedger>().Seen.ToArray();
            sessions.Should().HaveCount(2);
            sessions[0].Should().NotBeSameAs(sessions[1]);
            // The scope ends once the reply is sent, so the caller may see the reply a moment before the disposal.
            await Eventually.True(() => sessions.All(s => s.IsDisposed), "each call's session ends with its scope");
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
