using Zask.Reliability.Tests.Services;

namespace Zask.Reliability.Tests;

/// <summary>
/// Many concurrent clients over loopback TCP: every reply must match its own request (no loss, no duplicate, no
/// reply delivered to another caller), counted on both sides.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int StreamLength = 50;

    [Fact]
    public Task Concurrent_clients_each_get_exactly_their_own_replies() =>
        RunAsync("load.echo", streamEvery: 0);

    [Fact]
    public Task Streams_interleaved_with_calls_arrive_whole_in_order_and_to_their_caller() =>
        RunAsync("load.echo_and_streams", streamEvery: 10);

    private async Task RunAsync(string name, int streamEvery)
    {
        var clients = ReliabilitySettings.Clients;
        var perClient = Math.Max(1, ReliabilitySettings.TotalCalls / clients);
        var figures = new ReliabilityFigures();
        var ledger = new CallLedger(clients, perClient);
        var failures = new List<string>();
        var latencies = new long[clients * perClient];

        using var server = new ZeroRpcServer(new LoadService(ledger));
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        var callers = Enumerable.Range(0, clients).Select(_ => Connect(endpoint)).ToArray();
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(callers.Select((client, caller) =>
                Task.Run(() => CallerLoopAsync(client, caller, perClient, streamEvery, figures, failures, latencies))));
            figures.Duration = clock.Elapsed;
        }
        finally
        {
            foreach (var client in callers)
            {
                client.Dispose();
            }
        }

        var (duplicatedRequests, extraExecutions) = ledger.Duplicates();
        figures.AddDuplicated(duplicatedRequests);
        await Eventually.True(() => server.InFlightCalls == 0 && server.OpenChannels == 0, "every server channel closed");

        Array.Sort(latencies);
        figures.Set("clients", clients);
        figures.Set("calls_per_client", perClient);
        figures.Set("stream_every", streamEvery);
        figures.Set("calls_per_second", Math.Round(figures.CallsMade / figures.Duration.TotalSeconds));
        figures.Set("latency_ms_p50", Milliseconds(latencies[latencies.Length / 2]));
        figures.Set("latency_ms_p99", Milliseconds(latencies[(int)(latencies.Length * 0.99)]));
        figures.Set("latency_ms_max", Milliseconds(latencies[^1]));
        figures.Set("server_executions_missing", ledger.NeverExecuted());
        figures.Set("server_extra_executions", extraExecutions);
        figures.Set("server_requests_out_of_range", ledger.OutOfRange);
        figures.Set("server_dropped_events", server.DroppedEvents);
        figures.Set("server_rejected_messages", server.RejectedMessages);
        ReliabilityReport.Record(name, figures, output);

        lock (failures)
        {
            failures.Should().BeEmpty("every call must succeed with its own reply (first failures listed)");
        }
        figures.CallsMade.Should().Be(clients * perClient);
        figures.CallsSucceeded.Should().Be(figures.CallsMade);
        figures.CallsLost.Should().Be(0);
        figures.WrongCaller.Should().Be(0);
        figures.CallsDuplicated.Should().Be(0);
        ledger.NeverExecuted().Should().Be(0, "the server executed every request");
        ledger.OutOfRange.Should().Be(0);
        server.RejectedMessages.Should().Be(0);
    }

    private static ZeroRpcClient Connect(string endpoint)
    {
        var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
        client.Connect(endpoint);
        return client;
    }

    private static async Task CallerLoopAsync(ZeroRpcClient client, int caller, int calls, int streamEvery,
        ReliabilityFigures figures, List<string> failures, long[] latencies)
    {
        var random = new Random(caller);
        for (var sequence = 0; sequence < calls; sequence++)
        {
            figures.CallMade();
            var started = Stopwatch.GetTimestamp();
            try
            {
                var ok = streamEvery > 0 && sequence % streamEvery == streamEvery - 1
                    ? await StreamOnceAsync(client, caller, sequence, figures, failures)
                    : await EchoOnceAsync(client, caller, sequence, random, failures);
                if (ok)
                {
                    figures.CallSucceeded();
                }
                else
                {
                    figures.CallToWrongCaller();
                }
            }
            catch (Exception ex)
            {
                figures.CallLost();
                Note(failures, $"caller {caller} call {sequence}: {ex.GetType().Name}: {ex.Message}");
            }
            latencies[caller * calls + sequence] = Stopwatch.GetTimestamp() - started;
        }
    }

    private static async Task<bool> EchoOnceAsync(ZeroRpcClient client, int caller, int sequence, Random random, List<string> failures)
    {
        // A payload unique to this call, of varying size, so a misrouted reply cannot pass as this one.
        var payload = new byte[16 + random.Next(0, 240)];
        random.NextBytes(payload);
        BitConverter.TryWriteBytes(payload, caller);
        BitConverter.TryWriteBytes(payload.AsSpan(4), sequence);
        var reply = await client.CallAsync<object?[]>("echo", caller, sequence, payload);
        var ok = reply is [var c, var s, byte[] echoed]
            && Convert.ToInt64(c, System.Globalization.CultureInfo.InvariantCulture) == caller
            && Convert.ToInt64(s, System.Globalization.CultureInfo.InvariantCulture) == sequence
            && echoed.AsSpan().SequenceEqual(payload);
        if (!ok)
        {
            Note(failures, $"caller {caller} call {sequence}: reply [{string.Join(", ", reply.Select(v => v is byte[] b ? $"{b.Length} bytes" : v))}] is not its own");
        }
        return ok;
    }

    private static async Task<bool> StreamOnceAsync(ZeroRpcClient client, int caller, int sequence, ReliabilityFigures figures, List<string> failures)
    {
        var expected = 0L;
        await foreach (var item in client.StreamAsync<long[]>("sequence", caller, sequence, StreamLength))
        {
            if (item is not [var c, var s, var i] || c != caller || s != sequence || i != expected)
            {
                Note(failures, $"caller {caller} stream {sequence}: item {expected} was [{string.Join(", ", item)}]");
                return false;
            }
            expected++;
        }
        figures.AddStreamItems(expected);
        if (expected != StreamLength)
        {
            Note(failures, $"caller {caller} stream {sequence}: {expected} items instead of {StreamLength}");
            return false;
        }
        return true;
    }

    private static void Note(List<string> failures, string failure)
    {
        lock (failures)
        {
            // The first few say what went wrong; thousands would only flood the output.
            if (failures.Count < 20)
            {
                failures.Add(failure);
            }
        }
    }

    private static double Milliseconds(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 3);
}
