using System.Buffers.Binary;
using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using Zask.Bench.Infrastructure;

namespace Zask.Bench.Scenarios;

/// <summary>
/// The transport-limit client: one DEALER on one thread keeps <c>window</c> 60-byte messages in flight against the
/// echo ROUTER. Each message carries its send timestamp, so latency needs no bookkeeping.
/// </summary>
internal static class NetMqEchoClient
{
    public const int MessageBytes = 60;

    public static Task<ScenarioResult> RunAsync(string key, string description, int port, int window, BenchSettings settings) =>
        Task.Factory.StartNew(() => Run(key, description, port, window, settings), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static ScenarioResult Run(string key, string description, int port, int window, BenchSettings settings)
    {
        // A NetMQ socket belongs to one thread: warm-up and measurement both run here.
        using var dealer = new DealerSocket();
        dealer.Options.Linger = TimeSpan.Zero;
        dealer.Options.SendHighWatermark = 100_000;
        dealer.Options.ReceiveHighWatermark = 100_000;
        dealer.Connect($"tcp://127.0.0.1:{port}");
        Phase(dealer, window, settings.Warmup, null);
        var samples = new LatencySamples();
        var cpu = CpuMeter.Take();
        var seconds = Phase(dealer, window, settings.Measure, samples);
        var sorted = LatencySamples.MergeSorted([samples]);
        var (clientCpu, serverCpu) = cpu.PerCall(CpuMeter.Take(), sorted.Length);
        return new ScenarioResult(key, description)
        {
            ClientCpuMicros = clientCpu,
            ServerCpuMicros = serverCpu,
            Calls = sorted.Length,
            Seconds = seconds,
            P50Micros = LatencySamples.PercentileMicros(sorted, 0.50),
            P99Micros = LatencySamples.PercentileMicros(sorted, 0.99),
        };
    }

    private static double Phase(DealerSocket dealer, int window, TimeSpan duration, LatencySamples? samples)
    {
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < window; i++)
        {
            Send(dealer);
        }
        var outstanding = window;
        var reply = default(Msg);
        reply.InitEmpty();
        var timeout = TimeSpan.FromSeconds(10);
        while (outstanding > 0)
        {
            if (!dealer.TryReceive(ref reply, timeout))
            {
                throw new TimeoutException("the NetMQ echo server stopped answering");
            }
            var now = Stopwatch.GetTimestamp();
            samples?.Add(now - BinaryPrimitives.ReadInt64LittleEndian(reply.Slice()));
            outstanding--;
            // Past the deadline, only drain what is in flight so the next phase starts clean.
            if (now < stopAt)
            {
                Send(dealer);
                outstanding++;
            }
        }
        reply.Close();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static void Send(DealerSocket dealer)
    {
        var msg = default(Msg);
        msg.InitPool(MessageBytes);
        var span = msg.Slice();
        span.Fill((byte)'x');
        BinaryPrimitives.WriteInt64LittleEndian(span, Stopwatch.GetTimestamp());
        dealer.Send(ref msg, more: false);
        msg.Close();
    }
}
