namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>Endpoints and versions resolved from real config files.</summary>
public class ServiceConfigTests
{
    [Fact]
    public async Task A_server_binds_itself_to_its_configured_endpoint_and_clients_find_it_by_name()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = TestApp.ForShowcase(endpoint);
        var rpc = new ZeroRpcExtension(test.App);
        await using var server = rpc.Server(new ShowcaseService());
        await test.App.StartAsync();
        server.Endpoints.Should().Equal(endpoint);

        await using var byDefault = rpc.Client("showcase");
        (await byDefault.CallAsync<string>("hello", "config")).Should().Be("Hello, config!");
        await using var byVersion = rpc.Client("showcase", version: "1.0");
        (await byVersion.CallAsync<string>("hello", "v1")).Should().Be("Hello, v1!");
        await test.App.StopAsync();
    }

    [Fact]
    public async Task Each_configuration_error_is_a_distinct_exception_naming_the_key()
    {
        await using var test = new TestApp(new
        {
            ZERORPC_NODEFAULT = new Dictionary<string, object> { ["1.0"] = "tcp://127.0.0.1:1" },
            ZERORPC_VERSIONED = new Dictionary<string, object> { ["1.0"] = "tcp://127.0.0.1:1", ["default"] = "1.0" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        FluentActions.Invoking(() => rpc.Client("absent")).Should().Throw<MissingConfigException>()
            .Which.ConfigKey.Should().Be("ZERORPC_ABSENT");
        FluentActions.Invoking(() => rpc.Client("versioned", version: "9.9")).Should().Throw<UnknownVersionException>()
            .Which.Message.Should().Contain("ZERORPC_VERSIONED").And.Contain("9.9");
        FluentActions.Invoking(() => rpc.Client("nodefault")).Should().Throw<NoDefaultVersionException>()
            .Which.ConfigKey.Should().Be("ZERORPC_NODEFAULT");
    }

    [Fact]
    public async Task Several_endpoints_of_a_version_share_the_calls_and_a_dead_one_leaves_the_rotation()
    {
        var endpoints = new[] { FreePort.Endpoint(), FreePort.Endpoint(), FreePort.Endpoint() };
        await using var test = new TestApp(new
        {
            ZERORPC_LB = new Dictionary<string, object> { ["1.0"] = endpoints, ["default"] = "1.0", ["access_key"] = "k" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var servers = endpoints.Select((e, i) =>
        {
            var server = rpc.Server(new InstanceService($"server-{i}"));
            server.Bind(e);
            return server;
        }).ToArray();
        await using var client = rpc.Client("lb", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(2) });

        var before = new List<string>();
        for (var i = 0; i < 30; i++) before.Add(await client.CallAsync<string>("who"));
        before.Distinct().Should().BeEquivalentTo("server-0", "server-1", "server-2");

        servers[1].Dispose(); // killed: its socket and connections are gone
        // The client's socket learns of the closed connection a moment later; calls from then on must all succeed.
        await Eventually.True(() => !client.LiveEndpoints.Contains(endpoints[1]), "the client saw server-1's connection close");
        var after = new List<string>();
        for (var i = 0; i < 60; i++) after.Add(await client.CallAsync<string>("who"));
        after.Should().NotContain("server-1").And.HaveCount(60);
        after.Distinct().Should().BeEquivalentTo("server-0", "server-2");

        foreach (var server in servers) server.Dispose();
    }
}
