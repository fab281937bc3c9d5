using Microsoft.Extensions.DependencyInjection;
using Zask.Registry.Etcd;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>
/// A server whose entry names a registry registers its bound endpoints and leaves before it drains, whether made by
/// the extension or mapped through dependency injection.
/// </summary>
public class RegisteredServerTests
{
    [EtcdFact]
    public async Task A_server_registers_its_bound_endpoint_with_the_advertise_address_and_deregisters_on_stop()
    {
        var etcd = new Uri(EtcdTestServers.RequireSingle());
        var registryUri = $"etcd://{etcd.Authority}/zask-test-{Guid.NewGuid():N}";
        await using var test = new TestApp(new
        {
            SHUTDOWN_GRACE_PERIOD = 5,
            ZERORPC_SHOWCASE = new Dictionary<string, object> { ["registry"] = registryUri, ["default"] = "1.0", ["advertise"] = "127.0.0.1" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var server = rpc.Server(new ShowcaseService());
        server.Bind("tcp://0.0.0.0:0");
        var settings = EtcdRegistrySettings.Create(registryUri, "test", environment: _ => null);
        await using var resolver = new EtcdServiceResolver(settings, "showcase", "1.0");
        resolver.Start();

        await test.App.StartAsync();

        var port = new Uri(server.Endpoints.Single().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        await Eventually.True(() => resolver.Instances.Count == 1, "the server's endpoint is registered");
        resolver.Instances.Single().Endpoint.Should().Be($"tcp://127.0.0.1:{port}");

        await test.App.StopAsync();
        (await EtcdServiceCatalog.ListAsync(settings)).Should().BeEmpty("a graceful stop deletes the server's keys");
    }

    [EtcdFact]
    public async Task A_service_mapped_through_dependency_injection_registers_its_wildcard_endpoint_and_deregisters_on_stop()
    {
        var etcd = new Uri(EtcdTestServers.RequireSingle());
        var registryUri = $"etcd://{etcd.Authority}/zask-test-{Guid.NewGuid():N}";
        var port = FreePort.Next();
        await using var test = new TestApp(new
        {
            SHUTDOWN_GRACE_PERIOD = 5,
            ZERORPC_SHOWCASE = new Dictionary<string, object>
            {
                ["registry"] = registryUri, ["1.0"] = $"tcp://0.0.0.0:{port}", ["default"] = "1.0", ["advertise"] = "127.0.0.1",
            },
        });
        test.App.Services.AddZeroRpc().MapService<ShowcaseService>(ServiceLifetime.Singleton);
        var settings = EtcdRegistrySettings.Create(registryUri, "test", environment: _ => null);
        await using var resolver = new EtcdServiceResolver(settings, "showcase", "1.0");
        resolver.Start();

        await test.App.StartAsync();

        await Eventually.True(() => resolver.Instances.Count == 1, "the mapped server's endpoint is registered");
        resolver.Instances.Single().Endpoint.Should().Be($"tcp://127.0.0.1:{port}", "the wildcard host is replaced by the advertise address");

        await test.App.StopAsync();
        (await EtcdServiceCatalog.ListAsync(settings)).Should().BeEmpty("a graceful stop deletes the mapped server's keys");
    }
}
