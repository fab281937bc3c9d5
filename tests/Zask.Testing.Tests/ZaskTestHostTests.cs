using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;

namespace Zask.Testing.Tests;

public sealed class ZaskTestHostTests : IDisposable
{
    private static readonly ZeroRpcClientOptions Patient = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly TempDir _dir = new("zask-testhost-");

    public void Dispose() => _dir.Dispose();

    private ZaskTestHost NewHost() => new(() => GreeterApp.Create(_dir.Path));

    [Fact]
    public async Task The_app_is_served_in_process_with_no_port_open()
    {
        await using var host = await NewHost().StartAsync();
        var client = host.CreateClient("greeter", options: Patient);

        (await client.CallAsync<string>("greet", "ann")).Should().Be("Hello, ann!");
        client.Endpoints.Should().Equal($"inproc://{host.InprocName}/greeter/1.0/0");
        var port = new Uri(GreeterApp.FileEndpoint.Replace("tcp://", "http://", StringComparison.Ordinal)).Port;
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        FluentActions.Invoking(() => probe.Connect("127.0.0.1", port)).Should().Throw<SocketException>("the file's TCP endpoint is not bound");
    }

    [Fact]
    public async Task Config_overrides_win_over_the_apps_files()
    {
        await using var host = await NewHost().WithConfig("GREETING", "Bonjour").StartAsync();

        (await host.CreateClient("greeter", options: Patient).CallAsync<string>("greet", "ann")).Should().Be("Bonjour, ann!");
        host.App.Config["GREETING"].Should().Be("Bonjour");
    }

    [Fact]
    public async Task Replaced_services_are_the_ones_the_app_uses_and_typed_clients_call_them()
    {
        await using var host = await NewHost()
            .WithServices(services => services.Replace(ServiceDescriptor.Singleton<IGreetingStore>(new FixedGreeting("Hi"))))
            .StartAsync();
        var greeter = host.CreateClient<IGreeter>("greeter", options: Patient);

        (await greeter.Greet("bob")).Should().Be("Hi, bob!");
        host.Services.GetRequiredService<IGreetingStore>().Should().BeOfType<FixedGreeting>();
    }

    [Fact]
    public async Task Access_keys_are_checked_as_in_production()
    {
        var entry = new Dictionary<string, object?> { ["1.0"] = "tcp://127.0.0.1:1", ["default"] = "1.0", ["access_key"] = "stolen", ["client_keys"] = new[] { "good" } };
        await using var host = await NewHost().WithConfig("ZERORPC_GREETER", entry).StartAsync();

        var refused = await FluentActions.Awaiting(() => host.CreateClient("greeter", options: Patient).CallAsync<string>("greet", "eve"))
            .Should().ThrowAsync<RemoteException>();
        refused.Which.Name.Should().Be("NoSuchAccessKey");
    }

    [Fact]
    public async Task Jobs_run_in_the_host_on_a_replaced_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, 500, TimeSpan.Zero));
        await using var host = await NewHost().WithServices(services => services.AddSingleton<TimeProvider>(time)).StartAsync();
        var greeter = host.CreateClient<IGreeter>("greeter", options: Patient);
        (await greeter.Ticks()).Should().Be(0);

        time.Advance(TimeSpan.FromMilliseconds(500));
        await Eventually.True(async () => await greeter.Ticks() == 1, "the job's first run");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(async () => await greeter.Ticks() == 2, "the job's second run");
    }

    [Fact]
    public async Task Hosts_running_side_by_side_each_reach_their_own_app()
    {
        await using var french = await NewHost().WithConfig("GREETING", "Salut").StartAsync();
        await using var german = await NewHost().WithConfig("GREETING", "Hallo").StartAsync();

        (await french.CreateClient("greeter", options: Patient).CallAsync<string>("greet", "x")).Should().Be("Salut, x!");
        (await german.CreateClient("greeter", options: Patient).CallAsync<string>("greet", "x")).Should().Be("Hallo, x!");
    }

    [Fact]
    public async Task A_factory_that_does_not_create_the_app_is_refused()
    {
        await using var made = GreeterApp.Create(_dir.Path);
        await using var host = new ZaskTestHost(() => made);

        await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<InvalidOperationException>().WithMessage("*must create the ZaskApp itself*");
    }

    [Fact]
    public async Task Settings_cannot_change_once_started()
    {
        await using var host = await NewHost().StartAsync();

        FluentActions.Invoking(() => host.WithConfig("GREETING", "late")).Should().Throw<InvalidOperationException>().WithMessage("*configure it before StartAsync*");
    }

    private sealed class FixedGreeting(string greeting) : IGreetingStore
    {
        public string Greeting => greeting;
    }
}
