using System.Text.RegularExpressions;
using DocsSamples;
using Zask.Docs.Tests.Support;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc;

namespace Zask.Docs.Tests;

public class MiddlewaresTests
{
    [Fact]
    public void The_extension_can_have_all_some_or_none_of_the_builtin_middlewares()
    {
        using var a = new ZaskApp("a");
        using var b = new ZaskApp("b");
        using var c = new ZaskApp("c");
        var (all, some, none) = Middlewares.Choose(a, b, c);
        all.Middlewares.Should().Be(BuiltinMiddlewares.All);
        some.Middlewares.Should().Be(BuiltinMiddlewares.ConfigEndpoint | BuiltinMiddlewares.AccessLog);
        some.BuildContext("x", null).Middlewares.Select(m => m.GetType()).Should().Equal(typeof(ConfigEndpointMiddleware), typeof(AccessLogMiddleware));
        none.Middlewares.Should().Be(BuiltinMiddlewares.None);
        none.BuildContext("x", null).Middlewares.Should().BeEmpty();
        Middlewares.RegisterEverywhere(none);
        none.BuildContext("x", null).Middlewares.Should().ContainSingle().Which.Should().BeOfType<TenantMiddleware>();
    }

    [Fact]
    public async Task A_custom_middleware_carries_a_header_refuses_calls_and_maps_errors()
    {
        var (tenant, anvil, missing, refused) = await Middlewares.PerServerAndClientAsync();
        tenant.Should().Be("acme");
        anvil.Should().Be("Anvil");
        missing.Should().BeOfType<KeyNotFoundException>().Which.InnerException.Should().BeOfType<RemoteException>();
        refused.Should().BeOfType<RemoteException>().Which.Name.Should().Be("MissingTenant");
    }

    [Fact]
    public void The_service_entry_in_the_docs_reads_as_described()
    {
        using var dir = new TempDir();
        using var app = Settings.App(dir, MarkdownBlocks.Json("mw-service-config"), "orders");
        var entry = ServiceConfig.Read(app.Config, "inventory");
        entry.ConfigKey.Should().Be("ZERORPC_INVENTORY");
        entry.EndpointsFor("1.0").Should().Equal("tcp://10.0.0.5:5000");
        entry.EndpointsFor(null).Should().Equal("tcp://10.0.0.6:5000", "tcp://10.0.0.7:5000");
        entry.AccessKey.Should().Be("orders_key");
        entry.ClientKeys.Should().Equal("orders_key", "billing_key");
        FluentActions.Invoking(() => entry.EndpointsFor("3.0")).Should().Throw<UnknownVersionException>();
        FluentActions.Invoking(() => ServiceConfig.Read(app.Config, "billing")).Should().Throw<MissingConfigException>()
            .Which.ConfigKey.Should().Be("ZERORPC_BILLING");
    }

    [Fact]
    public async Task Access_keys_are_checked_by_the_server()
    {
        using var dir = new TempDir();
        var (json, _) = Settings.Localize(MarkdownBlocks.Json("mw-access-keys"));
        await using var server = Settings.App(dir, json, "inventory", "server.json");
        var serverRpc = new ZeroRpcExtension(server);
        await using var srv = serverRpc.Server(new InventoryService());
        srv.EnsureBound();

        await using var client = Settings.App(dir, json, "orders", "client.json");
        var rpc = new ZeroRpcExtension(client);
        await using (var inventory = rpc.Client("inventory"))
        {
            (await Middlewares.CallWithKeyAsync(inventory)).Should().Be("inventory-1");
        }
        client.Config["ZERORPC_INVENTORY"] = new Dictionary<string, object?>(
            (IReadOnlyDictionary<string, object?>)client.Config["ZERORPC_INVENTORY"]!) { ["access_key"] = "stolen_key" };
        await using (var inventory = rpc.Client("inventory"))
        {
            (await Middlewares.CallWithKeyAsync(inventory)).Should().StartWith("refused before the method ran: inventory does not accept");
        }
    }

    [Fact]
    public async Task The_request_chain_forwards_the_call_id_and_the_access_log_has_one_line_per_call()
    {
        using var dir = new TempDir();
        var (json, _) = Settings.Localize(MarkdownBlocks.Json("mw-request-chain"));
        await using var app = Settings.App(dir, json, "orders");
        app.Config["DEBUG"] = false;
        app.Config["ZERORPC_ACCESS_LOG"] = "access.log";
        var rpc = Middlewares.WireOrders(app);
        await using var inventoryServer = rpc.Server(new InventoryService());
        await app.StartAsync();
        try
        {
            await using var caller = rpc.Client("orders");
            (await caller.CallAsync<bool>("place_order", "A-1")).Should().BeTrue();
        }
        finally
        {
            await app.StopAsync();
        }
        await app.DisposeAsync();

        var lines = File.ReadAllLines(Path.Combine(dir.Path, "access.log"));
        lines.Should().HaveCount(3);
        var format = new Regex(@"^(?<key>\S+) - \[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z\] - ""(?<class>\w+)"" - ""(?<method>\w+)"" - OK - \d+ ms$");
        lines.Should().AllSatisfy(l => format.IsMatch(l).Should().BeTrue(l));
        lines.Select(l => format.Match(l).Groups["method"].Value).Should().BeEquivalentTo("call_id", "reserve", "place_order");
        lines.Select(l => format.Match(l).Groups["key"].Value).Should().BeEquivalentTo("web_key", "orders_key", "orders_key");
    }

    [Fact]
    public async Task Calls_spread_over_the_endpoints_of_a_version_and_skip_one_that_went_away()
    {
        using var dir = new TempDir();
        var (json, endpoints) = Settings.Localize(MarkdownBlocks.Json("mw-balancing"));
        await using var app = Settings.App(dir, json, "orders");
        var rpc = new ZeroRpcExtension(app);
        var local = endpoints.Values.ToArray();
        await using var first = new ZeroRpcServer(new InventoryService("inventory-1"));
        first.Bind(local[0]);
        await using var second = new ZeroRpcServer(new InventoryService("inventory-2"));
        second.Bind(local[1]);

        (await Middlewares.SpreadAsync(rpc)).Should().BeEquivalentTo("inventory-1", "inventory-2");

        await using var inventory = rpc.Client("inventory");
        inventory.Endpoints.Should().Equal(local);
        await first.DisposeAsync();
        await Eventually.True(async () =>
        {
            try
            {
                for (var i = 0; i < 4; i++)
                {
                    if (await inventory.CallAsync<string>("instance") != "inventory-2")
                    {
                        return false;
                    }
                }
                return true;
            }
            catch (Exception e) when (e is LostRemoteException or TimeoutExpiredException)
            {
                return false;   // a call that was on its way to the instance that went away
            }
        }, "only the remaining instance answers");
    }
}
