using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Zask.Registry.Etcd;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>
/// Member failures of a 3-member etcd cluster while servers are registered and a client calls them in a loop:
/// registration, watches and calls go on. One class, so its tests never stop members at the same time.
/// </summary>
public sealed class RegistryClusterFaultTests : IDisposable
{
    private const int TtlSeconds = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A service that says which server answered.</summary>
    public sealed class Tagged(string tag)
    {
        public string Who() => tag;
    }

    /// <summary>Callers calling <c>who</c> in a loop, keeping every answer and every failure.</summary>
    private sealed class CallLoop : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _callers;
        private int _disposed;

        public CallLoop(ZeroRpcClient client, int callers)
        {
            _callers = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        Answers.Enqueue(await client.CallAsync<string>("who"));
                    }
                    catch (Exception e) when (e is not ObjectDisposedException)
                    {
                        Failures.Enqueue(e);
                    }
                }
            })).ToArray();
        }

        public ConcurrentQueue<string> Answers { get; } = new();

        public ConcurrentQueue<Exception> Failures { get; } = new();

        /// <summary>Waits until <paramref name="count"/> more calls than now answered, from <paramref name="tag"/> if given.</summary>
        public Task MoreAnswersAsync(int count, string what, string? tag = null)
        {
            var before = Answers.Count(a => tag is null || a == tag);
            return Eventually.True(() => Failures.IsEmpty
                ? Answers.Count(a => tag is null || a == tag) >= before + count
                : throw new InvalidOperationException($"a call failed while waiting until {what}", Failures.First()), what, Patience);
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }
            await _stop.CancelAsync();
            await Task.WhenAll(_callers);
            _stop.Dispose();
        }
    }

    private static TestApp AppFor(string registry) => new(new Dictionary<string, object>
    {
        ["SHUTDOWN_GRACE_PERIOD"] = 2,
        ["ZERORPC_TAGGED"] = new Dictionary<string, object>
        {
            ["registry"] = registry, ["registry_ttl"] = TtlSeconds, ["default"] = "1.0", ["advertise"] = "127.0.0.1", ["access_key"] = "test-key",
        },
    });

    private static async Task<(TestApp App, EtcdServiceRegistration Registration)> StartServerAsync(string registry, string tag)
    {
        var app = AppFor(registry);
        new ZeroRpcExtension(app.App).Server(new Tagged(tag), new ZeroRpcServerOptions { Name = "tagged" }).Bind("tcp://0.0.0.0:0");
        await app.App.StartAsync();
        var registration = app.App.ServiceProvider.GetServices<IHostedService>().OfType<ZeroRpcServerHostedService>().Single().Registration
            ?? throw new InvalidOperationException("the server has no registration");
        return (app, registration);
    }

    /// <summary>Server a, registered, and a client calling it in a loop; disposed in the reverse order.</summary>
    private sealed record CallingSetup(TestApp Server, EtcdServiceRegistration First, TestApp Caller, ZeroRpcClient Client, CallLoop Calls) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Calls.DisposeAsync();
            await Client.DisposeAsync();
            await Caller.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private static async Task<CallingSetup> CallingOneServerAsync(string registry)
    {
        var (a, first) = await StartServerAsync(registry, "a");
        await first.WaitRegisteredAsync().WaitAsync(Patience);
        var caller = AppFor(registry);
        var client = new ZeroRpcExtension(caller.App).Client("tagged", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });
        var calls = new CallLoop(client, callers: 2);
        await calls.MoreAnswersAsync(20, "calls reach a", "a");
        return new CallingSetup(a, first, caller, client, calls);
    }

    private static string Endpoint(EtcdServiceRegistration registration) => registration.Instances.Single().Endpoint;

    [EtcdClusterFact]
    public async Task With_one_member_of_three_killed_registration_watches_and_calls_go_on()
    {
        var registry = EtcdTestServers.RegistryUri(EtcdTestServers.Cluster!);
        await using var setup = await CallingOneServerAsync(registry);
        var (first, client, calls) = (setup.First, setup.Client, setup.Calls);

        EtcdClusterMembers.Kill(1);

        var (b, second) = await StartServerAsync(registry, "b");
        await using var _b = b;
        await second.WaitRegisteredAsync().WaitAsync(Patience);
        await calls.MoreAnswersAsync(20, "the watch reports b, registered after the kill, and calls reach it", "b");
        // Past three TTLs, a's lease is still kept alive by the two remaining members.
        var longAfter = DateTime.UtcNow + TimeSpan.FromSeconds(3 * TtlSeconds);
        await Eventually.True(() => DateTime.UtcNow > longAfter || !first.IsRegistered, "three TTLs pass", Patience);
        first.IsRegistered.Should().BeTrue("a's lease is kept alive through the remaining members");
        client.Endpoints.Should().BeEquivalentTo(Endpoint(first), Endpoint(second));
        await calls.MoreAnswersAsync(20, "calls still reach a", "a");

        await calls.DisposeAsync();
        calls.Failures.Should().BeEmpty("no call fails while one member of three is down");
    }

    [EtcdClusterFact]
    public async Task With_every_member_stopped_calls_go_on_and_after_the_restart_servers_register_again()
    {
        var registry = EtcdTestServers.RegistryUri(EtcdTestServers.Cluster!);
        var settings = EtcdRegistrySettings.Create(registry, "test", environment: _ => null);
        await using var setup = await CallingOneServerAsync(registry);
        var (first, client, calls) = (setup.First, setup.Client, setup.Calls);

        EtcdClusterMembers.KillAll();
        await Eventually.True(() => !first.IsRegistered, "a's registration notices that etcd is gone", Patience);
        await calls.MoreAnswersAsync(50, "calls go on with the last known endpoints while etcd is down", "a");
        // A server started during the outage serves, but nobody can find it yet.
        var (b, second) = await StartServerAsync(registry, "b");
        await using var _b = b;
        await calls.MoreAnswersAsync(50, "calls still go on", "a");
        second.IsRegistered.Should().BeFalse();
        client.Endpoints.Should().Equal(Endpoint(first));

        EtcdClusterMembers.StartStopped();
        await Eventually.True(() => first.IsRegistered && second.IsRegistered, "both servers register after the restart", Patience);
        (await EtcdServiceCatalog.ListAsync(settings)).Select(i => i.Endpoint).Should().BeEquivalentTo(Endpoint(first), Endpoint(second));
        second.LeaseId.Should().NotBe(0);
        await calls.MoreAnswersAsync(20, "the client sees b, started during the outage, and calls reach it", "b");

        await calls.DisposeAsync();
        calls.Failures.Should().BeEmpty("no call fails while etcd is down or restarting");
    }

    /// <summary>Leaves every member running for the next test.</summary>
    public void Dispose()
    {
        if (EtcdTestServers.ClusterDir is not null)
        {
            EtcdClusterMembers.StartStopped();
        }
    }
}
