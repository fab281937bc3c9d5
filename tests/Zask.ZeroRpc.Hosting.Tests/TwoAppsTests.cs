using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Zask.ZeroRpc.Hosting.Tests;

/// <summary>
/// Nothing is global: two apps in one process, each with its own config, services, servers and clients, run side by
/// side without seeing each other's settings.
/// </summary>
public sealed class TwoAppsTests
{
    private static TestApp Twin(string greeting, string endpoint, string key) => new(new Dictionary<string, object>
    {
        ["GREETING"] = greeting,
        ["ZERORPC_TWIN"] = new Dictionary<string, object>
        {
            ["1.0"] = endpoint, ["default"] = "1.0", ["access_key"] = key, ["client_keys"] = new[] { key },
        },
    }, name: greeting);

    [Fact]
    public async Task Two_apps_with_different_configs_serve_and_call_side_by_side()
    {
        await using var a = Twin("from a", FreePort.Endpoint(), "key_a");
        await using var b = Twin("from b", FreePort.Endpoint(), "key_b");
        var rpcA = new ZeroRpcExtension(a.App);
        var rpcB = new ZeroRpcExtension(b.App);
        rpcA.Server(new TwinService(a.App.Config));
        rpcB.Server(new TwinService(b.App.Config));
        await a.App.StartAsync();
        await b.App.StartAsync();
        try
        {
            await using var clientA = rpcA.Client("twin", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20) });
            await using var clientB = rpcB.Client("twin", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20) });

            (await clientA.CallAsync<string>("greeting")).Should().Be("from a");
            (await clientB.CallAsync<string>("greeting")).Should().Be("from b");

            a.App.Config["GREETING"] = "changed a";
            (await clientA.CallAsync<string>("greeting")).Should().Be("changed a");
            (await clientB.CallAsync<string>("greeting")).Should().Be("from b", "a change to one app's config stays in it");

            a.App.ServiceProvider.GetRequiredService<Config>().Should().BeSameAs(a.App.Config);
            b.App.ServiceProvider.GetRequiredService<Config>().Should().BeSameAs(b.App.Config);
            a.App.ServiceProvider.GetRequiredService<IConfiguration>()["ZERORPC_TWIN:access_key"].Should().Be("key_a");
            b.App.ServiceProvider.GetRequiredService<IConfiguration>()["ZERORPC_TWIN:access_key"].Should().Be("key_b");
        }
        finally
        {
            await b.App.StopAsync();
            await a.App.StopAsync();
        }
    }

    /// <summary>The twin service's typed client.</summary>
    public interface ITwin
    {
        Task<string> GreetingAsync();
    }

    [Fact]
    public async Task Two_apps_registered_through_dependency_injection_get_their_own_services_and_typed_clients()
    {
        await using var a = Twin("from a", FreePort.Endpoint(), "key_a");
        await using var b = Twin("from b", FreePort.Endpoint(), "key_b");
        foreach (var app in new[] { a.App, b.App })
        {
            // The same registration code for both: each container must resolve its own app's config and keys.
            app.Services.AddZeroRpc().MapService<TwinService>()
                .AddClient<ITwin>("twin", configure: o => o.Timeout = TimeSpan.FromSeconds(20));
        }
        await a.App.StartAsync();
        await b.App.StartAsync();
        try
        {
            (await a.App.ServiceProvider.GetRequiredService<ITwin>().GreetingAsync()).Should().Be("from a");
            (await b.App.ServiceProvider.GetRequiredService<ITwin>().GreetingAsync()).Should().Be("from b");
            a.App.ServiceProvider.GetRequiredService<ZeroRpcExtension>().App.Should().BeSameAs(a.App);
            b.App.ServiceProvider.GetRequiredService<ZeroRpcExtension>().App.Should().BeSameAs(b.App);
            a.App.ServiceProvider.GetRequiredService<ITwin>().Should().NotBeSameAs(b.App.ServiceProvider.GetRequiredService<ITwin>());
        }
        finally
        {
            await b.App.StopAsync();
            await a.App.StopAsync();
        }
    }

    [Fact]
    public async Task Each_server_accepts_only_the_keys_of_its_own_app()
    {
        var endpointB = FreePort.Endpoint();
        await using var a = Twin("from a", endpointB, "key_a");
        await using var b = Twin("from b", endpointB, "key_b");
        new ZeroRpcExtension(b.App).Server(new TwinService(b.App.Config));
        await b.App.StartAsync();
        try
        {
            // App A's client is configured for the same endpoint but sends app A's key, which app B does not accept.
            await using var clientA = new ZeroRpcExtension(a.App).Client("twin", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20) });

            var refused = (await FluentActions.Awaiting(() => clientA.CallAsync<string>("greeting")).Should().ThrowAsync<RemoteException>()).Which;

            refused.Name.Should().Be("NoSuchAccessKey");
        }
        finally
        {
            await b.App.StopAsync();
        }
    }
}
