using BenchmarkDotNet.Attributes;
using Zask.Bench.Infrastructure;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;

namespace Zask.Bench.Micro;

/// <summary>
/// A whole <c>hello</c> call through the public client and server in one process over tcp loopback. On .NET
/// BenchmarkDotNet counts allocations on every thread, so "Allocated" is the client's, the server's and both I/O
/// threads' bytes for one call: the per-call garbage of the whole stack. <see cref="Traced"/> runs them with
/// tracing and metrics on as the harness's zask_N_traced has them (every call sampled, spans exported).
/// </summary>
[MemoryDiagnoser]
public class LoopbackCallBenchmarks
{
    private const int InFlight = 32;

    private readonly CancellationTokenSource _stop = new();
    private ZeroRpcServer _server = null!;
    private ZeroRpcClient _client = null!;
    private Task _serving = Task.CompletedTask;
    private readonly Task<string>[] _batch = new Task<string>[InFlight];
    private BenchTelemetry? _telemetry;

    /// <summary>Tracing and metrics on in the process (client and server).</summary>
    [Params(false, true)]
    public bool Traced { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _telemetry = Traced ? BenchTelemetry.Start() : null;
        _server = new ZeroRpcServer(new LoopbackService());
        var endpoint = _server.Bind("tcp://127.0.0.1:*");
        _serving = _server.RunAsync(_stop.Token);
        _client = new ZeroRpcClient();
        _client.Connect(endpoint);
        // The first call waits for the TCP connection.
        _client.CallAsync<string>("hello", HelloMessages.Argument).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "hello() round trip, 1 in flight")]
    public Task<string> CallSequential() => _client.CallAsync<string>("hello", HelloMessages.Argument);

    [Benchmark(Description = "hello() round trip, 32 in flight", OperationsPerInvoke = InFlight)]
    public async Task Call32InFlight()
    {
        for (var i = 0; i < InFlight; i++)
        {
            _batch[i] = _client.CallAsync<string>("hello", HelloMessages.Argument);
        }
        await Task.WhenAll(_batch);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _stop.Cancel();
        _serving.GetAwaiter().GetResult();
        _server.Dispose();
        _stop.Dispose();
        _telemetry?.Dispose();
    }
}
