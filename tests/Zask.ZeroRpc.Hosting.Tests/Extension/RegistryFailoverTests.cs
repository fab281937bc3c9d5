using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;
using Zask.Registry.Etcd;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>
/// Issue 22's proof with real processes: two showcase servers register in etcd, a client by name balances across
/// both, one is SIGKILLed, and a server started after the client is picked up through the watch.
/// </summary>
public class RegistryFailoverTests(ITestOutputHelper output)
{
    private const int TtlSeconds = 3;

    /// <summary>Where each call went: the call's flow carries a box that the middleware fills.</summary>
    private sealed class EndpointRecorder : IZeroRpcMiddleware
    {
        public static readonly AsyncLocal<StrongBox<string?>?> Current = new();

        public void ClientAfterRequest(ClientCallContext call, Exception? exception)
        {
            if (Current.Value is { } box)
            {
                box.Value = call.Endpoint;
            }
        }
    }

    private sealed record CallRecord(long StartedAt, long EndedAt, string? Endpoint, Exception? Error);

    private static string WriteConfig(TempDir folder, string registry, string name) =>
        folder.File($"{name}.json", $$"""
            {
              "DEBUG": false,
              "ERROR_LOG": "{{folder.Path}}/{{name}}.error.log",
              "ZERORPC_ACCESS_LOG": "{{folder.Path}}/{{name}}.access.log",
              "SQLALCHEMY_DATABASE_URI": "sqlite:///{{folder.Path}}/{{name}}.db",
              "ZERORPC_SHOWCASE": { "registry": "{{registry}}", "registry_ttl": {{TtlSeconds}}, "default": "1.0", "access_key": "good" }
            }
            """);

    [EtcdFact]
    public async Task A_killed_server_leaves_the_rotation_within_ttl_and_a_new_one_joins_through_the_watch()
    {
        var etcd = new Uri(EtcdTestServers.RequireSingle());
        var registry = $"etcd://{etcd.Authority}/zask-test-{Guid.NewGuid():N}";
        var settings = EtcdRegistrySettings.Create(registry, "test", environment: _ => null);
        using var folder = new TempDir("zask-failover-");
        using var a = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, WriteConfig(folder, registry, "a"), FreePort.Endpoint());
        using var b = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, WriteConfig(folder, registry, "b"), FreePort.Endpoint());

        await using var test = new TestApp(new
        {
            ZERORPC_SHOWCASE = new Dictionary<string, object> { ["registry"] = registry, ["default"] = "1.0", ["access_key"] = "good" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        rpc.RegisterMiddleware(new EndpointRecorder());
        await using var client = rpc.Client("showcase", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });

        var records = new ConcurrentQueue<CallRecord>();
        async Task<string?> CallOnceAsync()
        {
            var box = new StrongBox<string?>();
            EndpointRecorder.Current.Value = box;
            var started = Stopwatch.GetTimestamp();
            Exception? error = null;
            try
            {
                (await client.CallAsync<string>("hello", "x")).Should().Be("Hello, x!");
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                error = e;
            }
            records.Enqueue(new CallRecord(started, Stopwatch.GetTimestamp(), box.Value, error));
            return error is null ? box.Value : null;
        }

        await Eventually.True(async () =>
        {
            var seen = new HashSet<string?>();
            for (var i = 0; i < 10; i++)
            {
                seen.Add(await CallOnceAsync());
            }
            return seen.Contains(a.Endpoint) && seen.Contains(b.Endpoint);
        }, "calls reach both registered servers");

        // Callers keep calling while b is killed.
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await CallOnceAsync();
            }
        })).ToArray();
        await Eventually.True(() => records.Count(r => r.Endpoint == b.Endpoint) > 20, "the callers reach b before the kill");

        // SIGKILL: b cannot deregister, its keys go when the lease expires. Dispose returns once the process is gone:
        // a call started before then may have been sent to b, so it was in flight when b died.
        b.Dispose();
        var killedAt = Stopwatch.GetTimestamp();
        await Eventually.True(() => !client.Endpoints.Contains(b.Endpoint), "b's lease expired and the watch removed it",
            TimeSpan.FromSeconds(TtlSeconds + 2));
        var removedAt = Stopwatch.GetTimestamp();
        var callsAfterRemoval = records.Count;
        await Eventually.True(() => records.Count > callsAfterRemoval + 50, "calls go on after the removal");
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        var all = records.ToArray();
        all.Where(r => r.StartedAt > removedAt).Should().NotContain(r => r.Endpoint == b.Endpoint, "no call goes to b once the watch removed it");
        all.Where(r => r.Error is not null).Should().OnlyContain(r => r.StartedAt < killedAt && r.Endpoint == b.Endpoint,
            "only calls already in flight to b when it was killed may fail");
        output.WriteLine($"b removed {Stopwatch.GetElapsedTime(killedAt, removedAt).TotalSeconds:0.00} s after SIGKILL (TTL {TtlSeconds} s); " +
            $"{all.Count(r => r.Error is not null)} in-flight calls failed of {all.Length}");

        // A server started after the client: used as soon as the watch reports its registration.
        using var c = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, WriteConfig(folder, registry, "c"), FreePort.Endpoint());
        await Eventually.True(async () => (await EtcdServiceCatalog.ListAsync(settings)).Any(i => i.Endpoint == c.Endpoint), "c registered",
            TimeSpan.FromSeconds(10));
        var registeredAt = Stopwatch.GetTimestamp();
        await Eventually.True(async () => await CallOnceAsync() == c.Endpoint, "a call reaches c within 1 s of its registration",
            TimeSpan.FromSeconds(1));
        output.WriteLine($"c used {Stopwatch.GetElapsedTime(registeredAt).TotalMilliseconds:0} ms after its registration was visible in etcd");
    }

    [EtcdFact]
    public async Task A_server_stopped_with_sigterm_leaves_the_registry_before_its_listener_closes_and_no_caller_sees_an_error()
    {
        var etcd = new Uri(EtcdTestServers.RequireSingle());
        var registry = $"etcd://{etcd.Authority}/zask-test-{Guid.NewGuid():N}";
        var settings = EtcdRegistrySettings.Create(registry, "test", environment: _ => null);
        using var folder = new TempDir("zask-graceful-");
        using var a = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, WriteConfig(folder, registry, "a"), FreePort.Endpoint());
        using var b = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, WriteConfig(folder, registry, "b"), FreePort.Endpoint());

        // The watch that records when b's key goes, as any client's watch would see it.
        await using var watch = new EtcdServiceResolver(settings, "showcase", "1.0");
        long deleteSeenAt = 0;
        var sawBoth = false;
        watch.Changed += instances =>
        {
            sawBoth |= instances.Count == 2;
            if (sawBoth && instances.All(i => i.Endpoint != b.Endpoint) && instances.Any(i => i.Endpoint == a.Endpoint))
            {
                Interlocked.CompareExchange(ref deleteSeenAt, Stopwatch.GetTimestamp(), 0);
            }
        };
        watch.Start();
        await Eventually.True(() => watch.Instances.Count == 2, "both servers are registered", TimeSpan.FromSeconds(30));

        // The listener probe: b's port accepts connections until its socket closes.
        var bPort = new Uri(b.Endpoint.Replace("tcp://", "http://", StringComparison.Ordinal)).Port;
        long listenerClosedAt = 0;
        using var stopProbe = new CancellationTokenSource();
        var probe = Task.Run(async () =>
        {
            while (!stopProbe.IsCancellationRequested)
            {
                using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(System.Net.IPAddress.Loopback, bPort);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    listenerClosedAt = Stopwatch.GetTimestamp();
                    return;
                }
                await Task.Delay(5);
            }
        });

        await using var test = new TestApp(new
        {
            ZERORPC_SHOWCASE = new Dictionary<string, object> { ["registry"] = registry, ["default"] = "1.0", ["access_key"] = "good" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        rpc.RegisterMiddleware(new EndpointRecorder());
        await using var client = rpc.Client("showcase", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });
        var answered = new ConcurrentQueue<string?>();
        var failures = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var box = new StrongBox<string?>();
                EndpointRecorder.Current.Value = box;
                try
                {
                    (await client.CallAsync<string>("hello", "x")).Should().Be("Hello, x!");
                    answered.Enqueue(box.Value);
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    failures.Enqueue(e);
                }
            }
        })).ToArray();
        await Eventually.True(() => answered.Count(e => e == b.Endpoint) > 20 && answered.Count(e => e == a.Endpoint) > 20,
            "the callers reach both servers");

        var stoppedAt = Stopwatch.GetTimestamp();
        (await b.StopAsync()).Should().Be(0, "b stops cleanly on SIGTERM");
        await probe.WaitAsync(TimeSpan.FromSeconds(30));
        var afterStop = answered.Count;
        output.WriteLine($"b exited {Stopwatch.GetElapsedTime(stoppedAt).TotalMilliseconds:0} ms after SIGTERM");
        await Eventually.True(() => answered.Count > afterStop + 50, "calls go on with a alone");
        output.WriteLine($"50 more calls {Stopwatch.GetElapsedTime(stoppedAt).TotalMilliseconds:0} ms after SIGTERM");
        await stop.CancelAsync();
        // Each call is bounded by its 10 s timeout: a caller still running a minute later is a call that never ended.
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60));

        failures.Should().BeEmpty("a graceful stop sends the callers to the other server without an error");
        deleteSeenAt.Should().NotBe(0, "the watch saw b's keys deleted");
        listenerClosedAt.Should().NotBe(0, "b's listener closed");
        output.WriteLine($"SIGTERM +{Stopwatch.GetElapsedTime(stoppedAt, deleteSeenAt).TotalMilliseconds:0} ms: the watch saw b's keys deleted; " +
            $"+{Stopwatch.GetElapsedTime(stoppedAt, listenerClosedAt).TotalMilliseconds:0} ms: b's listener refused connections");
        deleteSeenAt.Should().BeLessThan(listenerClosedAt, "b leaves the registry before it stops listening");
    }
}
