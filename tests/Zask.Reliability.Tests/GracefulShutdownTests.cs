using Zask.ZeroRpc.Patterns;

namespace Zask.Reliability.Tests;

/// <summary>
/// SIGTERM to a loaded showcase process: calls in flight finish with their real results, later calls are refused
/// cleanly, and the process exits on its own within the grace period.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const double HeartbeatSeconds = 0.5;

    [Fact]
    public async Task Sigterm_under_load_lets_calls_in_flight_finish_and_exits_cleanly()
    {
        var figures = new ReliabilityFigures();
        var clock = Stopwatch.StartNew();
        using var server = ShowcaseProcess.StartOnLoopback(HeartbeatSeconds);
        using var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Heartbeat = HeartbeatOptions.FromSeconds(HeartbeatSeconds),
            Timeout = TimeSpan.FromSeconds(10),
        });
        client.Connect(server.Endpoint);
        (await client.CallAsync<string>("hello", "before")).Should().Be("Hello, before!");

        var inFlight = Enumerable.Range(0, 16).Select(_ => client.CallAsync<double>("sleep", 2.0)).ToArray();
        // Sent after them on the same connection and answered: the server has taken all sixteen.
        (await client.CallAsync<string>("hello", "marker")).Should().Be("Hello, marker!");
        figures.FaultInjected();
        server.Process.Terminate();

        // Once the server has handled SIGTERM, new calls are refused (or find nobody), never left hanging.
        figures.CallMade();
        Exception? late = null;
        await Eventually.True(async () =>
        {
            try
            {
                await client.CallAsync<string>("hello", "late");
                return false;
            }
            catch (Exception ex) when (ex is RemoteException { Name: "ServiceUnavailable" } || ConnectionFailures.IsExpected(ex))
            {
                late = ex;
                return true;
            }
        }, "a call after SIGTERM is refused cleanly");
        late.Should().NotBeNull();
        figures.CallFailedByFault();

        foreach (var call in inFlight)
        {
            figures.CallMade();
            (await call).Should().Be(2.0, "calls in flight at SIGTERM finish with their result");
            figures.CallSucceeded();
        }
        server.Process.WaitForExit(TimeSpan.FromSeconds(30)).Should().BeTrue("the process exits on its own after draining");
        server.Process.ExitCode.Should().Be(0, $"a graceful stop exits with 0; output:\n{server.Process.Transcript}");
        figures.FaultSurvived();
        figures.Duration = clock.Elapsed;
        ReliabilityReport.Record("sigterm_graceful_shutdown_under_load", figures, output);
    }
}
