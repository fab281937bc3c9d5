using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NetMQ;

namespace Zask.ZeroRpc.Hosting.Tests;

/// <summary>Services created by the container, per call or once, and typed clients injected from the config.</summary>
public class DependencyInjectionTests
{
    private static Dictionary<string, object> Entry(string endpoint, NetMQCertificate? keys = null)
    {
        var entry = TestApp.Entry(endpoint);
        if (keys is not null)
        {
            entry["server_public_key"] = keys.PublicKeyZ85;
            entry["server_secret_key"] = keys.SecretKeyZ85!;
        }
        return entry;
    }

    [Fact]
    public async Task A_scoped_service_gets_a_fresh_instance_and_a_fresh_scope_per_call_with_its_dependencies_injected()
    {
        await using var test = new TestApp(new { ZERORPC_INJECTED = Entry(FreePort.Endpoint()) });
        test.App.Services.AddSingleton<InjectionTracker>();
        test.App.Services.AddScoped<CallScopedResource>();
        test.App.Services.Configure<GreetingOptions>(o => o.Greeting = "Howdy");
        var rpc = test.App.Services.AddZeroRpc().MapService<InjectedService>().Extension;
        await test.App.StartAsync();
        var tracker = test.App.ServiceProvider.GetRequiredService<InjectionTracker>();

        await using var client = rpc.Client("injected");
        var first = await client.CallAsync<Dictionary<string, object>>("who", "ann");
        var second = await client.CallAsync<Dictionary<string, object>>("who", "bob");

        first["greeting"].Should().Be("Howdy, ann", "IOptions<GreetingOptions> was injected");
        ((string)first["logger"]).Should().StartWith("Logger", "an ILogger<InjectedService> was injected");
        second["instance"].Should().NotBe(first["instance"], "each call gets its own instance");
        second["resource"].Should().NotBe(first["resource"], "each call gets its own scope");
        var firstScope = Convert.ToInt32(first["resource"]);
        var secondScope = Convert.ToInt32(second["resource"]);
        await Eventually.True(() => tracker.IsDisposed(firstScope) && tracker.IsDisposed(secondScope), "each call's scope was disposed after its reply");
        await test.App.StopAsync();
    }

    [Fact]
    public async Task Mapped_services_and_typed_clients_run_on_the_containers_TimeProvider()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new { ZERORPC_PATIENT = Entry(endpoint) });
        var clock = new FakeTimeProvider();
        test.App.Services.AddSingleton<TimeProvider>(clock);
        test.App.Services.AddZeroRpc()
            .MapService<PatientService>(ServiceLifetime.Singleton)
            .AddClient<IPatientClient>("patient", configure: o =>
            {
                o.Timeout = TimeSpan.FromSeconds(10);
                o.Heartbeat = HeartbeatOptions.Disabled;
            });
        await test.App.StartAsync();
        var service = test.App.ServiceProvider.GetRequiredService<PatientService>();

        // The typed client's deadline is on the container's clock: ten fake seconds end its call.
        var call = test.App.ServiceProvider.GetRequiredService<IPatientClient>().WaitAsync();
        await Eventually.True(() => service.Started == 1, "the call reached the service");
        clock.Advance(TimeSpan.FromSeconds(10));
        await FluentActions.Awaiting(() => call).Should().ThrowAsync<TimeoutExpiredException>();

        // So are the server's heartbeats: the silent client is lost after 5 + 2 × 5 fake seconds, its call cancelled.
        service.Cancelled.Should().Be(0);
        clock.Advance(TimeSpan.FromSeconds(6));
        await Eventually.True(() => service.Cancelled == 1, "the server cancelled the call of the client that went silent");
        await test.App.StopAsync();
    }

    [Fact]
    public async Task A_singleton_service_serves_every_call_on_one_instance()
    {
        await using var test = new TestApp(new { ZERORPC_INJECTED = Entry(FreePort.Endpoint()) });
        test.App.Services.AddSingleton<InjectionTracker>();
        test.App.Services.AddScoped<CallScopedResource>();
        var rpc = test.App.Services.AddZeroRpc().MapService<InjectedService>(ServiceLifetime.Singleton).Extension;
        await test.App.StartAsync();

        await using var client = rpc.Client("injected");
        var first = await client.CallAsync<Dictionary<string, object>>("who", "ann");
        var second = await client.CallAsync<Dictionary<string, object>>("who", "bob");

        second["instance"].Should().Be(first["instance"]);
        second["resource"].Should().Be(first["resource"]);
        first["greeting"].Should().Be("Hello, ann");
        await test.App.StopAsync();
    }

    [Fact]
    public async Task A_typed_client_of_another_service_is_injected_into_a_service_and_follows_the_config_keys()
    {
        var keys = new NetMQCertificate();
        await using var test = new TestApp(new
        {
            ZERORPC_FRONT = Entry(FreePort.Endpoint()),
            ZERORPC_GUARDED = Entry(FreePort.Endpoint(), keys),   // CurveZMQ: the client must find the server key in the entry
        });
        test.App.Services.AddZeroRpc()
            .MapService<GuardedService>(ServiceLifetime.Singleton)
            .MapService<FrontService>()
            .AddClient<IGuardedClient>("guarded");
        await test.App.StartAsync();

        await using var front = test.App.ServiceProvider.GetRequiredService<ZeroRpcExtension>().Client("front");
        (await front.CallAsync<int>("touch_through")).Should().Be(1);
        (await front.CallAsync<int>("touch_through")).Should().Be(2, "the guarded singleton counted both calls");
        (await test.App.ServiceProvider.GetRequiredService<IGuardedClient>().TouchAsync()).Should().Be(3);
        await test.App.StopAsync();
    }

    [Fact]
    public async Task A_typed_client_resolves_the_version_it_was_registered_with_from_the_entry()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            ZERORPC_GUARDED = new Dictionary<string, object> { ["1.0"] = endpoint, ["0.9"] = endpoint, ["default"] = "1.0", ["access_key"] = "k" },
        });
        test.App.Services.AddZeroRpc()
            .MapService<GuardedService>(ServiceLifetime.Singleton)
            .AddClient<IGuardedClient>("guarded")
            .AddClient<IOtherVersionGuardedClient>("guarded", version: "0.9");
        await test.App.StartAsync();

        (await test.App.ServiceProvider.GetRequiredService<IGuardedClient>().TouchAsync()).Should().Be(1);
        await FluentActions.Awaiting(() => test.App.ServiceProvider.GetRequiredService<IOtherVersionGuardedClient>().TouchAsync())
            .Should().ThrowAsync<RemoteException>("the 1.0 server refuses a caller of version 0.9");
        await test.App.StopAsync();
    }

    [Fact]
    public async Task A_typed_client_of_a_service_without_an_entry_fails_when_resolved_naming_the_entry()
    {
        await using var test = new TestApp(new { });
        test.App.Services.AddZeroRpcClient<IGuardedClient>("guarded");
        test.App.Build();

        FluentActions.Invoking(() => test.App.ServiceProvider.GetRequiredService<IGuardedClient>())
            .Should().Throw<Zask.ZeroRpc.Extension.MissingConfigException>().WithMessage("*ZERORPC_GUARDED*");
    }

    [Fact]
    public void Transient_is_not_a_service_lifetime()
    {
        using var app = new ZaskApp("transient");
        FluentActions.Invoking(() => app.Services.AddZeroRpc().MapService<GuardedService>(ServiceLifetime.Transient))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}
