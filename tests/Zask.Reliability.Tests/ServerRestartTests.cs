namespace Zask.Reliability.Tests;

/// <summary>
/// A server killed and started again on the same port: the very same client object reconnects on its own and its
/// calls succeed again, with no new client and no manual reconnect.
/// </summary>
public sealed class ServerRestartTests(ITestOutputHelper output)
{
    private const double HeartbeatSeconds = 0.5;
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_same_client_succeeds_again_once_a_killed_server_is_back_on_its_port()
    {
        var figures = new ReliabilityFigures();
        var clock = Stopwatch.StartNew();
        var bind = $"tcp://127.0.0.1:{FreePort.Next()}";
        var server = ShowcaseProcess.Start(bind, HeartbeatSeconds);
        var recoveries = new List<double>();
        try
        {
            using var client = new ZeroRpcClient(new ZeroRpcClientOptions
            {
                Heartbeat = HeartbeatOptions.FromSeconds(HeartbeatSeconds),
                Timeout = TimeSpan.FromSeconds(2),
            });
            client.Connect(server.Endpoint);
            await CallAsync(client, figures, "first");

            for (var cycle = 0; cycle < ReliabilitySettings.RestartCycles; cycle++)
            {
                figures.FaultInjected();
                var pending = client.CallAsync<object?>("sleep", 30);
                // Sent after it on the same connection and answered: the server has taken the sleep call.
                (await client.CallAsync<string>("hello", "marker")).Should().Be("Hello, marker!");
                server.Kill();
                server.Dispose();
                figures.CallMade();
                var down = await FluentActions.Awaiting(() => pending).Should().ThrowAsync<Exception>();
                ConnectionFailures.IsExpected(down.Which).Should().BeTrue($"the pending call fails cleanly, not with {down.Which}");
                figures.CallFailedByFault();

                // While the server is down, calls fail cleanly (no hang, no other error).
                figures.CallMade();
                await FluentActions.Awaiting(() => client.CallAsync<string>("hello", "nobody"))
                    .Should().ThrowAsync<Exception>().Where(e => ConnectionFailures.IsExpected(e));
                figures.CallFailedByFault();

                var restartedAt = Stopwatch.StartNew();
                server = ShowcaseProcess.Start(bind, HeartbeatSeconds);
                var attempts = await RetryUntilSuccessAsync(client, figures, $"cycle {cycle}");
                recoveries.Add(Math.Round(restartedAt.Elapsed.TotalSeconds, 3));
                figures.Set($"cycle_{cycle}_attempts_until_success", attempts);
                figures.FaultSurvived();

                // And it keeps working, streams included.
                for (var i = 0; i < 20; i++)
                {
                    await CallAsync(client, figures, $"cycle {cycle} call {i}");
                }
                var items = new List<long>();
                await foreach (var n in client.StreamAsync<long>("range", 10))
                {
                    items.Add(n);
                }
                items.Should().Equal(Enumerable.Range(0, 10).Select(n => (long)n));
            }
        }
        finally
        {
            server.Dispose();
        }
        figures.Duration = clock.Elapsed;
        figures.Set("seconds_from_restart_to_first_success", recoveries);
        ReliabilityReport.Record("server_restarted_same_port", figures, output);
        figures.FaultsSurvived.Should().Be(ReliabilitySettings.RestartCycles);
    }

    private static async Task CallAsync(ZeroRpcClient client, ReliabilityFigures figures, string name)
    {
        figures.CallMade();
        (await client.CallAsync<string>("hello", name)).Should().Be($"Hello, {name}!");
        figures.CallSucceeded();
    }

    private static async Task<int> RetryUntilSuccessAsync(ZeroRpcClient client, ReliabilityFigures figures, string name)
    {
        var deadline = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            figures.CallMade();
            try
            {
                (await client.CallAsync<string>("hello", name)).Should().Be($"Hello, {name}!");
                figures.CallSucceeded();
                return attempt;
            }
            catch (Exception ex) when (ConnectionFailures.IsExpected(ex) && deadline.Elapsed < RecoveryDeadline)
            {
                // Expected while the new process is still starting; counted as a failed attempt, not a loss.
                figures.CallFailedByFault();
            }
        }
    }
}
