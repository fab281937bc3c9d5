using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>Before-call, after-call and teardown hooks on the app and on one service, over real sockets.</summary>
public sealed class CallHookTests
{
    public sealed class Ledger
    {
        public ConcurrentQueue<string> Lines { get; } = new();
    }

    /// <summary>Scoped: the hooks of one call must share one instance.</summary>
    public sealed class CallTag
    {
        public string Id { get; } = Guid.NewGuid().ToString("N")[..8];
    }

    [ZeroRpcService("hooked")]
    public sealed class HookedService
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public int Double(int value)
        {
            Interlocked.Increment(ref _runs);
            return value * 2;
        }

        public int Fail() => throw new ZeroRpcException("ValueError", "no good");

        public async Task<int> Slow(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    private static async Task<(TestApp Test, ZeroRpcExtension Rpc, HookedService Service, ZeroRpcServer Server, Ledger Ledger)> StartAsync(string endpoint,
        double gracePeriod = 30, HeartbeatOptions? heartbeat = null)
    {
        var test = new TestApp(new Dictionary<string, object>
        {
            ["SHUTDOWN_GRACE_PERIOD"] = gracePeriod,
            ["ZERORPC_HOOKED"] = new Dictionary<string, object> { ["1.0"] = endpoint, ["default"] = "1.0", ["access_key"] = "k" },
        });
        test.App.Services.AddSingleton<Ledger>();
        test.App.Services.AddScoped<CallTag>();
        var rpc = new ZeroRpcExtension(test.App);
        var service = new HookedService();
        var server = heartbeat is null ? rpc.Server(service) : rpc.Server(service, new ZeroRpcServerOptions { Heartbeat = heartbeat });
        await test.App.StartAsync();
        return (test, rpc, service, server, test.App.ServiceProvider.GetRequiredService<Ledger>());
    }

    [Fact]
    public async Task Hooks_run_in_order_app_before_service_and_share_the_call_scope()
    {
        var endpoint = FreePort.Endpoint();
        var (test, rpc, service, server, ledger) = await StartAsync(endpoint);
        await using var _ = test;
        rpc.Hooks.BeforeCall((call, services) => ledger.Lines.Enqueue($"app before {call.MethodName} {services.GetRequiredService<CallTag>().Id}"));
        rpc.HooksFor("hooked").BeforeCall(async (call, services) =>
        {
            await Task.Yield();
            ledger.Lines.Enqueue($"service before {call.MethodName} {services.GetRequiredService<CallTag>().Id}");
        });
        rpc.Hooks.AfterCall((call, _) => ledger.Lines.Enqueue($"app after result={call.Result} error={call.Exception?.Message}"));
        rpc.HooksFor("hooked").AfterCall((call, _) => ledger.Lines.Enqueue("service after"));
        rpc.Hooks.Teardown((call, services) => ledger.Lines.Enqueue($"app teardown {services.GetRequiredService<CallTag>().Id}"));
        rpc.HooksFor("other").BeforeCall((_, _) => ledger.Lines.Enqueue("another service's hook"));

        await using var client = rpc.Client("hooked");
        (await client.CallAsync<int>("double", 21)).Should().Be(42);
        await Eventually.True(() => ledger.Lines.Count == 5, "five hook lines");
        var lines = ledger.Lines.ToArray();
        var tag = lines[0].Split(' ')[^1];
        lines.Should().Equal($"app before double {tag}", $"service before double {tag}", "app after result=42 error=", "service after", $"app teardown {tag}");

        ledger.Lines.Clear();
        (await FluentActions.Awaiting(() => client.CallAsync<int>("fail")).Should().ThrowAsync<RemoteException>()).Which.Name.Should().Be("ValueError");
        await Eventually.True(() => ledger.Lines.Count == 5, "five hook lines for the failed call");
        ledger.Lines.Should().Contain("app after result= error=no good");
        ledger.Lines.ToArray()[^1].Should().StartWith("app teardown ").And.NotEndWith(tag, "each call has its own scope");
    }

    [Fact]
    public async Task A_before_call_hook_refuses_with_its_remote_error_and_the_method_does_not_run()
    {
        var endpoint = FreePort.Endpoint();
        var (test, rpc, service, server, ledger) = await StartAsync(endpoint);
        await using var _ = test;
        rpc.HooksFor("hooked").BeforeCall((call, _) =>
        {
            if (call.GetRequestHeaderString("access_key") != "vip")
            {
                throw new ZeroRpcException("Closed", "the shop is closed");
            }
        });
        rpc.Hooks.Teardown((call, _) => ledger.Lines.Enqueue($"teardown {call.Exception?.Message}"));

        await using var client = rpc.Client("hooked");
        var error = (await FluentActions.Awaiting(() => client.CallAsync<int>("double", 1)).Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("Closed");
        error.RemoteMessage.Should().Be("the shop is closed");
        service.Runs.Should().Be(0);
        await Eventually.True(() => ledger.Lines.Contains("teardown the shop is closed"), "teardown after the refusal");
    }

    [Fact]
    public async Task Teardown_runs_when_a_call_is_cancelled_by_the_stop()
    {
        var endpoint = FreePort.Endpoint();
        var (test, rpc, service, server, ledger) = await StartAsync(endpoint, gracePeriod: 0.5);
        await using var _ = test;
        var started = new TaskCompletionSource();
        rpc.Hooks.BeforeCall((call, _) => started.TrySetResult());
        rpc.Hooks.Teardown((call, _) => ledger.Lines.Enqueue($"teardown {call.MethodName} cancelled={call.CancellationToken.IsCancellationRequested}"));

        await using var client = rpc.Client("hooked");
        var pending = client.CallAsync<int>("slow");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The stop gives the call half a second, then cancels it: the teardown hook must still run.
        await test.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await Eventually.True(() => ledger.Lines.Contains("teardown slow cancelled=True"), "teardown of the cancelled call", TimeSpan.FromSeconds(30));
        pending.IsCompletedSuccessfully.Should().BeFalse();
    }

    [Fact]
    public async Task Teardown_runs_when_the_caller_is_lost_mid_call()
    {
        var endpoint = FreePort.Endpoint();
        var (test, rpc, _, _, ledger) = await StartAsync(endpoint, heartbeat: HeartbeatOptions.FromSeconds(1));
        await using var _ = test;
        var started = new TaskCompletionSource();
        rpc.Hooks.BeforeCall((call, _) => started.TrySetResult());
        rpc.Hooks.Teardown((call, _) => ledger.Lines.Enqueue($"teardown {call.MethodName} cancelled={call.CancellationToken.IsCancellationRequested}"));

        var client = rpc.Client("hooked");
        var pending = client.CallAsync<int>("slow");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The caller goes away without an answer: its heartbeats stop, the server cancels the call.
        await client.DisposeAsync();
        // Disposing aborts the call: with ObjectDisposedException, or LostRemoteException when the closing connection
        // fails its calls first (which one wins is a race inside the client).
        await FluentActions.Awaiting(() => pending).Should().ThrowAsync<Exception>().Where(e => e is ObjectDisposedException || e is LostRemoteException);

        await Eventually.True(() => ledger.Lines.Contains("teardown slow cancelled=True"), "teardown of the call whose caller was lost", TimeSpan.FromSeconds(60));
    }
}
