using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Server;

namespace Zask.Bench.Servers;

/// <summary>The service the Zask scenarios call: a tiny unary method, a stream, and a memory probe.</summary>
[ZeroRpcService("bench")]
public sealed class BenchService
{
    /// <summary>The unary call every scenario measures (same work as the gRPC <c>SayHello</c>).</summary>
    public string Hello(string name) => "Hello, " + name + "!";

    /// <summary>
    /// The same as <see cref="Hello"/>, pinned to the thread pool: the baseline that shows what running quick calls
    /// on the I/O thread (the default for <see cref="Hello"/> once it has proved quick) is worth.
    /// </summary>
    [ZeroRpcDispatch(CallDispatch.ThreadPool)]
    public string HelloPooled(string name) => "Hello, " + name + "!";

    /// <summary>
    /// The same as <see cref="Hello"/>, pinned to the I/O thread from the first call, so that every byte its calls
    /// allocate on the server is counted by <see cref="IoThreadAllocated"/>.
    /// </summary>
    [ZeroRpcDispatch(CallDispatch.Inline)]
    public string HelloInline(string name) => "Hello, " + name + "!";

    /// <summary>
    /// Bytes allocated so far by the thread this runs on: pinned to the I/O thread, where <see cref="HelloInline"/>
    /// runs, so the difference between two calls is what the server's hot path allocated in between.
    /// </summary>
    [ZeroRpcMethod("_bench_io_allocated")]
    [ZeroRpcDispatch(CallDispatch.Inline)]
    public long IoThreadAllocated() => GC.GetAllocatedBytesForCurrentThread();

    /// <summary>Streams 0..count-1, one STREAM event per item.</summary>
    [ZeroRpcStream]
    public IEnumerable<int> Range(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }
    }

    /// <summary>
    /// Reports this process's memory so that the harness can check it stays flat over many calls:
    /// [working set, managed heap, GC count, bytes allocated since the process started]. With <paramref name="collect"/> a full blocking GC runs first, so the
    /// managed figure is live data only.
    /// </summary>
    [ZeroRpcMethod("_bench_working_set")]
    public long[] WorkingSet(bool collect)
    {
        if (collect)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return [process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), GC.CollectionCount(0), GC.GetTotalAllocatedBytes(precise: true)];
    }
}
