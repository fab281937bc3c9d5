namespace Zask.Reliability.Tests;

/// <summary>
/// A real network partition: the showcase runs in its own network namespace, the client reaches it over a veth
/// pair, and the link is taken down mid-call. Unlike a killed process, nothing tells the client: only heartbeats can.
/// </summary>
public sealed class NetworkPartitionTests(ITestOutputHelper output)
{
    private const double HeartbeatSeconds = 0.5;
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(45);

    [NetworkNamespaceFact]
    public async Task Heartbeats_detect_a_cut_link_and_calls_succeed_again_once_it_is_restored()
    {
        var figures = new ReliabilityFigures();
        var clock = Stopwatch.StartNew();
        using var network = new NetworkNamespace();
        using var server = ShowcaseProcess.Start($"tcp://{network.ServerAddress}:4242", HeartbeatSeconds, network.Name);
        using var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Heartbeat = HeartbeatOptions.FromSeconds(HeartbeatSeconds),
            Timeout = TimeSpan.FromSeconds(60),
        });
        client.Connect(server.Endpoint);
        figures.CallMade();
        (await client.CallAsync<string>("hello", "across")).Should().Be("Hello, across!");
        figures.CallSucceeded();

        figures.CallMade();
        var pending = client.CallAsync<object?>("sleep", 30);
        // Sent after it on the same connection and answered: the server has taken the sleep call.
        (await client.CallAsync<string>("hello", "marker")).Should().Be("Hello, marker!");
        pending.IsCompleted.Should().BeFalse("the sleep is still running when the link is cut");

        figures.FaultInjected();
        var cutAt = Stopwatch.StartNew();
        network.Cut();
        var outcome = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(30)));
        var detectedAfter = cutAt.Elapsed;
        outcome.Should().BeSameAs(pending, "a partition must not leave the call hanging");
        await FluentActions.Awaiting(() => pending).Should().ThrowAsync<LostRemoteException>(
            "with the link cut nothing is refused or reset: the missing heartbeats are the only signal");
        figures.CallFailedByFault();

        // Still cut: a new call fails cleanly rather than hanging.
        figures.CallMade();
        var whileCut = await FluentActions.Awaiting(() => client.CallAsync<string>("hello", "cut")).Should().ThrowAsync<Exception>();
        ConnectionFailures.IsExpected(whileCut.Which).Should().BeTrue($"a call during the partition fails cleanly: {whileCut.Which}");
        figures.CallFailedByFault();

        network.Restore();
        var restoredAt = Stopwatch.StartNew();
        var attempts = 0;
        while (true)
        {
            attempts++;
            figures.CallMade();
            try
            {
                (await client.CallWithOptionsAsync<string>("hello", new CallOptions(TimeSpan.FromSeconds(3)), "healed")).Should().Be("Hello, healed!");
                figures.CallSucceeded();
                break;
            }
            catch (Exception ex) when (ConnectionFailures.IsExpected(ex) && restoredAt.Elapsed < RecoveryDeadline)
            {
                // TCP retransmission backs off while the link is down, so the first calls after it may still fail.
                figures.CallFailedByFault();
            }
        }
        var recoveredAfter = restoredAt.Elapsed;
        for (var i = 0; i < 10; i++)
        {
            figures.CallMade();
            (await client.CallAsync<long>("add", i, i)).Should().Be(2 * i);
            figures.CallSucceeded();
        }
        figures.FaultSurvived();

        figures.Duration = clock.Elapsed;
        figures.Set("detection_seconds", Math.Round(detectedAfter.TotalSeconds, 3));
        figures.Set("seconds_from_restore_to_first_success", Math.Round(recoveredAfter.TotalSeconds, 3));
        figures.Set("attempts_until_success", attempts);
        ReliabilityReport.Record("network_partition_veth_cut", figures, output);
    }
}
