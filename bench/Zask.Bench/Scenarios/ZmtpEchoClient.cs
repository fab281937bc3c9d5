using System.Buffers.Binary;
using System.Diagnostics;
using Zask.Bench.Infrastructure;
using Zask.Zmtp;
using Zask.Zmtp.Security;

namespace Zask.Bench.Scenarios;

/// <summary>
/// The client of our transport's echo: a Zask.Zmtp DEALER keeps <c>window</c> messages in flight, each an empty
/// delimiter and a 60-byte body that starts with its send timestamp (ZeroRPC's framing). Replies arrive on the
/// receive handler, which answers each one with the next message, on the connection's read completion; or, with
/// <c>pull</c>, one loop awaits <see cref="ZmtpSocket.ReceiveAsync"/> and answers each reply it takes (the path a
/// socket API user's receive loop takes).
/// </summary>
internal static class ZmtpEchoClient
{
    public static async Task<ScenarioResult> RunAsync(string key, string description, int port, int window, BenchSettings settings,
        CurveSecurity? curve = null, bool pull = false)
    {
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            SendHighWatermark = 100_000,
            ReceiveHighWatermark = 100_000,
            Curve = curve,
        });
        Phase? current = null;
        using var stop = new CancellationTokenSource();
        var reader = Task.CompletedTask;
        if (pull)
        {
            reader = Task.Run(() => PullAsync(dealer, () => Volatile.Read(ref current)!, stop.Token));
        }
        else
        {
            dealer.ReceiveHandler = message => Volatile.Read(ref current)!.OnReply(message);
        }
        dealer.Connect($"tcp://127.0.0.1:{port}");
        try
        {
            var warmup = new Phase(dealer, window, settings.Warmup, null);
            Volatile.Write(ref current, warmup);
            await warmup.RunAsync();
            var samples = new LatencySamples();
            var cpu = CpuMeter.Take();
            var measured = new Phase(dealer, window, settings.Measure, samples);
            Volatile.Write(ref current, measured);
            var seconds = await measured.RunAsync();
            return ScenarioResult.Measured(key, description, [samples], seconds, cpu);
        }
        finally
        {
            await stop.CancelAsync();
            await reader;
        }
    }

    /// <summary>A DEALER kept connected for one-at-a-time slices (<see cref="PairedSequential"/>), replies on its receive handler.</summary>
    public static ISequentialProbe OpenSequential(string key, string description, int port)
    {
        var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new ZmtpSocketOptions { Linger = TimeSpan.Zero });
        var probe = new Probe(key, description, dealer);
        dealer.ReceiveHandler = probe.OnReply;
        dealer.Connect($"tcp://127.0.0.1:{port}");
        return probe;
    }

    private sealed class Probe(string key, string description, ZmtpSocket dealer) : ISequentialProbe
    {
        private Phase? _current;

        public string Key => key;

        public string Description => description;

        public void OnReply(ZmtpMessage message) => Volatile.Read(ref _current)!.OnReply(message);

        public async Task<(LatencySamples Samples, double Seconds)> RunAsync(TimeSpan duration)
        {
            var samples = new LatencySamples();
            var phase = new Phase(dealer, 1, duration, samples);
            Volatile.Write(ref _current, phase);
            return (samples, await phase.RunAsync());
        }

        public ValueTask DisposeAsync()
        {
            dealer.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    // The receive loop of the pull mode: one reader, as a PULL or SUB consumer has.
    private static async Task PullAsync(ZmtpSocket dealer, Func<Phase> current, CancellationToken stop)
    {
        while (true)
        {
            ZmtpMessage reply;
            try
            {
                reply = await dealer.ReceiveAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            current().OnReply(reply);
        }
    }

    /// <summary>One closed loop: replies are counted and answered on the handler's thread, one connection at a time.</summary>
    private sealed class Phase(ZmtpSocket dealer, int window, TimeSpan duration, LatencySamples? samples)
    {
        private static readonly TimeSpan Silence = TimeSpan.FromSeconds(10);

        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly byte[] _body = new byte[EchoExchange.MessageBytes];
        private long _stopAt;
        private int _outstanding;

        public async Task<double> RunAsync()
        {
            var started = Stopwatch.GetTimestamp();
            _stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            _outstanding = window;
            // Replies may already be handled while these go out: a buffer of their own, apart from the handler's.
            var first = new byte[EchoExchange.MessageBytes];
            for (var i = 0; i < window; i++)
            {
                Send(first, Stopwatch.GetTimestamp());
            }
            await _done.Task.WaitAsync(duration + Silence);
            return Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        public void OnReply(ZmtpMessage reply)
        {
            var now = Stopwatch.GetTimestamp();
            samples?.Add(now - BinaryPrimitives.ReadInt64LittleEndian(reply.Last));
            // Past the deadline, only drain what is in flight so the next phase starts clean.
            if (now < _stopAt)
            {
                Send(_body, now);
            }
            else if (--_outstanding == 0)
            {
                _done.TrySetResult();
            }
        }

        private void Send(byte[] body, long timestamp)
        {
            // Send copies the frames into the connection's batch, so a body buffer serves message after message.
            body.AsSpan().Fill((byte)'x');
            BinaryPrimitives.WriteInt64LittleEndian(body, timestamp);
            dealer.Send(ReadOnlyMemory<byte>.Empty, body);
        }
    }
}
