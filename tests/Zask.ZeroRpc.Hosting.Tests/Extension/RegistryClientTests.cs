namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>Clients made by service name find their servers in etcd when the entry names a registry.</summary>
public class RegistryClientTests
{
    /// <summary>A service that says which server answered.</summary>
    public sealed class Tagged(string tag)
    {
        public string Who() => tag;
    }

    private static string NewRegistry()
    {
        var etcd = new Uri(EtcdTestServers.RequireSingle());
        return $"etcd://{etcd.Authority}/zask-test-{Guid.NewGuid():N}";
    }

    private static TestApp AppFor(string registry, object? extra = null)
    {
        var settings = new Dictionary<string, object>
        {
            ["SHUTDOWN_GRACE_PERIOD"] = 2,
            ["ZERORPC_TAGGED"] = new Dictionary<string, object> { ["registry"] = registry, ["default"] = "1.0", ["advertise"] = "127.0.0.1", ["access_key"] = "test-key" },
        };
        if (extra is not null)
        {
            settings["ZERORPC_STATIC"] = extra;
        }
        return new TestApp(settings);
    }

    private static async Task<TestApp> StartServerAsync(string registry, string tag)
    {
        var app = AppFor(registry);
        var rpc = new ZeroRpcExtension(app.App);
        var server = rpc.Server(new Tagged(tag), new ZeroRpcServerOptions { Name = "tagged" });
        server.Bind("tcp://0.0.0.0:0");
        await app.App.StartAsync();
        return app;
    }

    private static async Task<HashSet<string>> WhoAnswersAsync(ZeroRpcClient client, int calls)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < calls; i++)
        {
            seen.Add(await client.CallAsync<string>("who"));
        }
        return seen;
    }

    [EtcdFact]
    public async Task A_client_by_name_balances_across_registered_servers_and_follows_the_watch()
    {
        var registry = NewRegistry();
        await using var a = await StartServerAsync(registry, "a");
        await using var b = await StartServerAsync(registry, "b");
        await using var caller = AppFor(registry);
        await using var client = new ZeroRpcExtension(caller.App).Client("tagged");

        // The first call waits for etcd's first answer; both servers are registered once their app started.
        (await client.CallAsync<string>("who")).Should().BeOneOf("a", "b");
        await Eventually.True(async () => (await WhoAnswersAsync(client, 10)).SetEquals(["a", "b"]), "calls reach both registered servers");

        await b.App.StopAsync();
        await Eventually.True(() => client.Endpoints.Count == 1, "the stopped server's endpoint leaves the client");
        (await WhoAnswersAsync(client, 10)).Should().Equal("a");

        await using var c = await StartServerAsync(registry, "c");
        await Eventually.True(async () => (await WhoAnswersAsync(client, 10)).Contains("c"), "a server started after the client is used");
    }

    [EtcdFact]
    public async Task The_first_call_waits_within_its_timeout_for_a_server_to_register()
    {
        var registry = NewRegistry();
        await using var caller = AppFor(registry);
        await using var client = new ZeroRpcExtension(caller.App).Client("tagged", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });

        var call = client.CallAsync<string>("who");
        await using var a = await StartServerAsync(registry, "late");
        (await call).Should().Be("late");
    }

    [EtcdFact]
    public async Task With_nothing_registered_a_call_fails_as_unreachable_at_its_timeout()
    {
        var registry = NewRegistry();
        await using var caller = AppFor(registry);
        await using var client = new ZeroRpcExtension(caller.App).Client("tagged", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromMilliseconds(500) });

        var act = () => client.CallAsync<string>("who");
        await act.Should().ThrowAsync<EndpointUnavailableException>();
    }

    [EtcdFact]
    public async Task Static_and_registry_entries_mix_in_one_config()
    {
        var registry = NewRegistry();
        await using var a = await StartServerAsync(registry, "registered");
        var port = FreePort();
        await using var staticApp = new TestApp(new Dictionary<string, object>
        {
            ["SHUTDOWN_GRACE_PERIOD"] = 2,
            ["ZERORPC_STATIC"] = new Dictionary<string, object> { ["1.0"] = $"tcp://127.0.0.1:{port}", ["default"] = "1.0", ["access_key"] = "test-key" },
        });
        var staticRpc = new ZeroRpcExtension(staticApp.App);
        staticRpc.Server(new Tagged("static"), new ZeroRpcServerOptions { Name = "static" });
        await staticApp.App.StartAsync();

        await using var caller = AppFor(registry, new Dictionary<string, object> { ["1.0"] = $"tcp://127.0.0.1:{port}", ["default"] = "1.0", ["access_key"] = "test-key" });
        var rpc = new ZeroRpcExtension(caller.App);
        await using var registered = rpc.Client("tagged");
        await using var fixedClient = rpc.Client("static");

        (await registered.CallAsync<string>("who")).Should().Be("registered");
        (await fixedClient.CallAsync<string>("who")).Should().Be("static");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
