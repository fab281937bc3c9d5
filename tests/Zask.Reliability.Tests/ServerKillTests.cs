namespace Zask.Reliability.Tests;

/// <summary>
/// A server process SIGKILLed in the middle of a call: the caller learns of it as a lost remote, not by its timeout,
/// and never hangs, while calls to another server carry on untouched.
/// </summary>
public sealed class ServerKillTests(ITestOutputHelper output)
{
    private const double HeartbeatSeconds = 0.5;

    [Fact]
    public async Task A_killed_server_fails_the_pending_call_within_the_heartbeat_bound_and_other_servers_are_unaffected()
    {
        var figures = new ReliabilityFigures();
        var clock = Stopwatch.StartNew();
        using var doomed = ShowcaseProcess.StartOnLoopback(HeartbeatSeconds);
        using var survivor = ShowcaseProcess.StartOnLoopback(HeartbeatSeconds);
        // A long timeout: only the heartbeat can end the doomed call in time.
        using var toDoomed = Client(doomed.Endpoint, TimeSpan.FromSeconds(60));
        using var toSurvivor = Client(survivor.Endpoint, TimeSpan.FromSeconds(10));
        (await toDoomed.CallAsync<string>("hello", "doomed")).Should().Be("Hello, doomed!");
        (await toSurvivor.CallAsync<string>("hello", "survivor")).Should().Be("Hello, survivor!");

        // Work in flight on the other server while the first one dies: a long call and a steady stream of short ones.
        var longCall = toSurvivor.CallAsync<double>("sleep", 3.0);
        using var stopTraffic = new CancellationTokenSource();
        var traffic = SteadyTrafficAsync(toSurvivor, figures, stopTraffic.Token);

        figures.CallMade();
        var pending = toDoomed.CallAsync<object?>("sleep", 30);
        // Sent after it on the same connection and answered: the server has taken the sleep call.
        (await toDoomed.CallAsync<string>("hello", "marker")).Should().Be("Hello, marker!");
        pending.IsCompleted.Should().BeFalse("the sleep is still running when the server dies");

        figures.FaultInjected();
        var killedAt = Stopwatch.StartNew();
        doomed.Kill();
        var outcome = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(30)));
        var detectedAfter = killedAt.Elapsed;
        outcome.Should().BeSameAs(pending, "the call must not hang after its server died");
        // The connection closing or the heartbeats stopping, whichever the client sees first: both mean lost.
        var error = await FluentActions.Awaiting(() => pending).Should().ThrowAsync<LostRemoteException>(
            "a dead server is reported as lost, never as a hang or another error");
        figures.CallFailedByFault();
        figures.FaultSurvived();

        (await longCall).Should().Be(3.0, "a call in flight on the other server completes normally");
        figures.CallMade();
        figures.CallSucceeded();
        await stopTraffic.CancelAsync();
        await traffic;

        figures.Duration = clock.Elapsed;
        figures.Set("detection_seconds", Math.Round(detectedAfter.TotalSeconds, 3));
        figures.Set("heartbeat_seconds", HeartbeatSeconds);
        figures.Set("error", error.Which.GetType().Name);
        ReliabilityReport.Record("server_killed_mid_call", figures, output);
        figures.CallsLost.Should().Be(0, "only the call to the killed server fails");
        figures.CallsFailedByFault.Should().Be(1);
    }

    [Fact]
    public async Task A_client_on_two_endpoints_keeps_serving_from_the_survivor_when_one_server_is_killed()
    {
        var figures = new ReliabilityFigures();
        var clock = Stopwatch.StartNew();
        using var doomed = ShowcaseProcess.StartOnLoopback(HeartbeatSeconds);
        using var survivor = ShowcaseProcess.StartOnLoopback(HeartbeatSeconds);
        using var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Heartbeat = HeartbeatOptions.FromSeconds(HeartbeatSeconds),
            Timeout = TimeSpan.FromSeconds(3),
            EndpointRetryDelay = TimeSpan.FromSeconds(2),
        });
        client.Connect(doomed.Endpoint);
        client.Connect(survivor.Endpoint);
        for (var i = 0; i < 10; i++)
        {
            (await client.CallAsync<string>("hello", "both")).Should().Be("Hello, both!");
        }

        figures.FaultInjected();
        doomed.Kill();
        // Each call that lands on the dead endpoint fails once and takes it out of rotation for a while; the
        // others must all succeed.
        var failedCalls = 0;
        for (var i = 0; i < 40; i++)
        {
            figures.CallMade();
            try
            {
                (await client.CallAsync<string>("hello", "after")).Should().Be("Hello, after!");
                figures.CallSucceeded();
            }
            catch (Exception ex) when (ConnectionFailures.IsExpected(ex))
            {
                failedCalls++;
                figures.CallFailedByFault();
            }
        }
        figures.FaultSurvived();
        figures.Duration = clock.Elapsed;
        figures.Set("calls_to_dead_endpoint_failed", failedCalls);
        ReliabilityReport.Record("server_killed_multi_endpoint_client", figures, output);
        failedCalls.Should().BeLessThanOrEqualTo(3, "a failed endpoint is skipped for a while instead of being retried on every call");
        figures.CallsSucceeded.Should().BeGreaterThanOrEqualTo(37);
    }

    private static ZeroRpcClient Client(string endpoint, TimeSpan timeout)
    {
        var client = new ZeroRpcClient(new ZeroRpcClientOptions { Heartbeat = HeartbeatOptions.FromSeconds(HeartbeatSeconds), Timeout = timeout });
        client.Connect(endpoint);
        return client;
    }

    private static async Task SteadyTrafficAsync(ZeroRpcClient client, ReliabilityFigures figures, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            figures.CallMade();
            try
            {
                var reply = await client.CallAsync<long>("add", i, 1);
                reply.Should().Be(i + 1);
                figures.CallSucceeded();
            }
            catch (Exception)
            {
                figures.CallLost();
                throw;
            }
            // Pacing: a steady trickle of calls is the load of this test, nothing waits on it.
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
