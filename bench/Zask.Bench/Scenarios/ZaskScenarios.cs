using System.Diagnostics;
using Zask.Bench.Infrastructure;
using Zask.ZeroRpc.Client;

namespace Zask.Bench.Scenarios;

/// <summary>The <c>hello(name)</c> call and the <c>range(n)</c> stream through the stock Zask client.</summary>
internal static class ZaskScenarios
{
    public const string Name = "bench";

    public static Task<ScenarioResult> InFlightAsync(ZeroRpcClient client, int inFlight, BenchSettings settings) =>
        ClosedLoop.RunAsync($"zask_{inFlight}", $"Zask hello(), {inFlight} in flight, 1 client", inFlight,
            _ => () => client.CallAsync<string>("hello", Name), settings);

    /// <summary><c>hello_pooled</c>: the same call, always run on the server's thread pool.</summary>
    public static Task<ScenarioResult> PooledSequentialAsync(ZeroRpcClient client, BenchSettings settings) =>
        ClosedLoop.RunAsync("zask_seq_pool", "Zask hello_pooled(), 1 in flight", 1, _ => () => client.CallAsync<string>("hello_pooled", Name), settings);

    /// <summary><c>hello_pooled</c> with many in flight.</summary>
    public static Task<ScenarioResult> PooledInFlightAsync(ZeroRpcClient client, BenchSettings settings) =>
        ClosedLoop.RunAsync($"zask_{settings.InFlight}_pool", $"Zask hello_pooled(), {settings.InFlight} in flight, 1 client", settings.InFlight,
            _ => () => client.CallAsync<string>("hello_pooled", Name), settings);

    public static Task<ScenarioResult> ManyClientsAsync(IReadOnlyList<ZeroRpcClient> clients, BenchSettings settings)
    {
        var workers = clients.Count * settings.InFlight;
        return ClosedLoop.RunAsync($"zask_{clients.Count}x{settings.InFlight}",
            $"Zask hello(), {clients.Count} clients x {settings.InFlight} in flight", workers,
            w => { var client = clients[w % clients.Count]; return () => client.CallAsync<string>("hello", Name); }, settings);
    }

    /// <summary>Runs <c>range(count)</c> streams back to back; items per second over the measured streams.</summary>
    public static async Task<ScenarioResult> StreamAsync(ZeroRpcClient client, int count, BenchSettings settings)
    {
        await StreamPhaseAsync(client, count, settings.Warmup);
        var cpu = CpuMeter.Take();
        var (items, streams, seconds) = await StreamPhaseAsync(client, count, settings.Measure);
        var (clientCpu, serverCpu) = cpu.PerCall(CpuMeter.Take(), items);
        return new ScenarioResult("zask_stream", $"Zask range({count}) stream, items")
        {
            ClientCpuMicros = clientCpu,
            ServerCpuMicros = serverCpu,
            Calls = streams,
            Seconds = seconds,
            ItemsPerSecond = items / seconds,
        };
    }

    private static async Task<(long Items, long Streams, double Seconds)> StreamPhaseAsync(ZeroRpcClient client, int count, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        long items = 0;
        long streams = 0;
        // At least one whole stream, then as many more as fit in the phase.
        do
        {
            var expected = 0;
            await foreach (var item in client.StreamAsync<int>("range", count))
            {
                if (item != expected++)
                {
                    throw new InvalidOperationException($"range() sent {item} where {expected - 1} was due");
                }
            }
            if (expected != count)
            {
                throw new InvalidOperationException($"range({count}) ended after {expected} items");
            }
            items += count;
            streams++;
        }
        while (Stopwatch.GetElapsedTime(started) < duration);
        return (items, streams, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
