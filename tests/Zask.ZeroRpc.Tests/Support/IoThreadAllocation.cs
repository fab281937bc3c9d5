using Zask.ZeroRpc.Client;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>
/// What the server's I/O thread allocates per <c>hello</c> call, 32 in flight: the service reports its thread's
/// allocation counter through a method pinned to that thread.
/// </summary>
internal static class IoThreadAllocation
{
    private const int InFlight = 32;

    /// <param name="client">A client connected to the server.</param>
    /// <param name="counterMethod">A method run on the I/O thread that returns <c>GC.GetAllocatedBytesForCurrentThread()</c>.</param>
    public static async Task<double> PerHelloCallAsync(ZeroRpcClient client, string counterMethod)
    {
        var batch = new Task<string>[InFlight];
        async Task CallBatchesAsync(int count)
        {
            for (var b = 0; b < count; b++)
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = client.CallAsync<string>("hello", "bench");
                }
                await Task.WhenAll(batch);
            }
        }

        // Warm-up first: the first calls fill caches (the peer's identity, method names) and tier the JIT.
        await CallBatchesAsync(200);
        var before = await client.CallAsync<long>(counterMethod);
        await CallBatchesAsync(500);
        var after = await client.CallAsync<long>(counterMethod);
        return (after - before) / (500.0 * InFlight);
    }
}
