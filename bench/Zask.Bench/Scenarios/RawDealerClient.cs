using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using Zask.Bench.Infrastructure;

namespace Zask.Bench.Scenarios;

/// <summary>
/// A client with no Zask in it: one DEALER on one thread keeps <c>window</c> messages of one <see cref="IRawExchange"/>
/// in flight. Each message carries its send timestamp, so latency needs no bookkeeping. It drives the raw NetMQ echo
/// (the transport limit) and, speaking ZeroRPC itself, the Zask server without the Zask client.
/// </summary>
internal static class RawDealerClient
{
    public static Task<ScenarioResult> RunAsync(string key, string description, int port, int window, IRawExchange exchange,
        BenchSettings settings) =>
        Task.Factory.StartNew(() => Run(key, description, port, window, exchange, settings), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static ScenarioResult Run(string key, string description, int port, int window, IRawExchange exchange, BenchSettings settings)
    {
        // A NetMQ socket belongs to one thread: warm-up and measurement both run here.
        using var dealer = new DealerSocket();
        dealer.Options.Linger = TimeSpan.Zero;
        dealer.Options.SendHighWatermark = 100_000;
        dealer.Options.ReceiveHighWatermark = 100_000;
        dealer.Connect($"tcp://127.0.0.1:{port}");
        Phase(dealer, window, exchange, settings.Warmup, null);
        var samples = new LatencySamples();
        var cpu = CpuMeter.Take();
        var seconds = Phase(dealer, window, exchange, settings.Measure, samples);
        return ScenarioResult.Measured(key, description, [samples], seconds, cpu);
    }

    private static double Phase(DealerSocket dealer, int window, IRawExchange exchange, TimeSpan duration, LatencySamples? samples)
    {
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < window; i++)
        {
            exchange.Send(dealer, Stopwatch.GetTimestamp());
        }
        var outstanding = window;
        var timeout = TimeSpan.FromSeconds(10);
        while (outstanding > 0)
        {
            var sentAt = exchange.Receive(dealer, timeout)
                ?? throw new TimeoutException("the server stopped answering");
            var now = Stopwatch.GetTimestamp();
            samples?.Add(now - sentAt);
            outstanding--;
            // Past the deadline, only drain what is in flight so the next phase starts clean.
            if (now < stopAt)
            {
                exchange.Send(dealer, now);
                outstanding++;
            }
        }
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
