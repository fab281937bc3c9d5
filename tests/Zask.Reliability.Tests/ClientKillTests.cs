using System.Globalization;
using Zask.Reliability.Tests.Services;

namespace Zask.Reliability.Tests;

/// <summary>
/// Client processes SIGKILLed while their calls run on an in-process server: the server notices by heartbeat,
/// cancels the work, and its channel table and in-flight count return to where they were.
/// </summary>
public sealed class ClientKillTests(ITestOutputHelper output)
{
    // 1 s rather than 0.5 s: with loss after ~2 silent periods, 0.5 s declared live children lost on a 2-core machine
    // loaded by parallel builds (load average 24 observed). Detection stays within a few seconds.
    private const double HeartbeatSeconds = 1.0;

    [Fact]
    public async Task Killed_clients_get_their_calls_cancelled_and_leave_no_channels_behind()
    {
        var figures = new ReliabilityFigures();
        var clock = Stopwatch.StartNew();
        var service = new BlockingService();
        using var server = new ZeroRpcServer(service, new ZeroRpcServerOptions { Heartbeat = HeartbeatOptions.FromSeconds(HeartbeatSeconds) });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        using var probe = new ZeroRpcClient(new ZeroRpcClientOptions { Heartbeat = HeartbeatOptions.FromSeconds(HeartbeatSeconds), Timeout = TimeSpan.FromSeconds(10) });
        probe.Connect(endpoint);
        (await probe.CallAsync<string>("echo", "before")).Should().Be("before");
        // The server counts a call and its channel down just after sending the reply: wait for that, so the levels
        // compared with below are the idle ones.
        await Eventually.True(() => server.InFlightCalls == 0 && server.OpenChannels == 0, "the probe's call and channel ended");
        var channelsBefore = server.OpenChannels;
        var inFlightBefore = server.InFlightCalls;
        var detections = new List<double>();
        var peakChannels = 0;

        var total = ReliabilitySettings.ClientKills;
        for (var done = 0; done < total;)
        {
            var batch = Math.Min(ReliabilitySettings.KillBatch, total - done);
            var startedBefore = service.Started;
            var cancelledBefore = service.Cancelled;
            var children = new List<ChildProcess>();
            try
            {
                // One at a time: several .NET processes starting at once on 2 cores starve every heartbeat on the
                // machine for over a second, which would declare live peers lost before any kill.
                for (var i = 0; i < batch; i++)
                {
                    var child = ChildProcess.StartDotnet(RepositoryPaths.ClientProcessDll, endpoint,
                        HeartbeatSeconds.ToString(CultureInfo.InvariantCulture), "sleep", "30");
                    children.Add(child);
                    child.WaitForLine("calling", TimeSpan.FromSeconds(30));
                    await Eventually.True(() => service.Started - startedBefore == i + 1, $"call {i + 1} started on the server", TimeSpan.FromSeconds(30));
                }
                // No wait for heartbeats: a new channel starts with one period of grace, so a client killed now is
                // found out at most one period later than one killed after its first beats (well inside the deadline).
                server.InFlightCalls.Should().Be(inFlightBefore + batch,
                    $"no client was killed yet (cancelled so far: {service.Cancelled - cancelledBefore}); children said:\n{string.Join("\n", children.Select(c => c.Transcript))}");
                peakChannels = Math.Max(peakChannels, server.OpenChannels);

                var killedAt = Stopwatch.StartNew();
                foreach (var child in children)
                {
                    figures.FaultInjected();
                    child.Kill();
                }
                await Eventually.True(() => service.Cancelled - cancelledBefore == batch,
                    "every killed client's call saw its cancellation token fire", TimeSpan.FromSeconds(10));
                detections.Add(Math.Round(killedAt.Elapsed.TotalSeconds, 3));
                await Eventually.True(() => server.InFlightCalls == inFlightBefore && server.OpenChannels == channelsBefore,
                    "the server's in-flight calls and channels returned to their level before the clients",
                    TimeSpan.FromSeconds(10));
                for (var i = 0; i < batch; i++)
                {
                    figures.FaultSurvived();
                }
            }
            finally
            {
                foreach (var child in children)
                {
                    child.Dispose();
                }
            }
            done += batch;
        }

        // The server still serves after all of it.
        (await probe.CallAsync<string>("echo", "after")).Should().Be("after");
        figures.Duration = clock.Elapsed;
        figures.Set("clients_killed", total);
        figures.Set("calls_cancelled_on_server", service.Cancelled);
        figures.Set("calls_completed_on_server", service.Completed);
        figures.Set("open_channels_before", channelsBefore);
        figures.Set("open_channels_peak", peakChannels);
        figures.Set("open_channels_after", server.OpenChannels);
        figures.Set("in_flight_after", server.InFlightCalls);
        figures.Set("seconds_from_kill_to_all_cancelled", detections);
        ReliabilityReport.Record("client_killed_mid_call", figures, output);

        service.Cancelled.Should().Be(total);
        service.Completed.Should().Be(0);
        server.OpenChannels.Should().Be(channelsBefore, "the channel table does not grow with dead clients");
        server.InFlightCalls.Should().Be(inFlightBefore);
    }
}
