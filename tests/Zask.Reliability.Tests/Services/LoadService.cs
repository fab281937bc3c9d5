using System.Runtime.CompilerServices;

namespace Zask.Reliability.Tests.Services;

/// <summary>
/// The load tests' service: every reply carries the caller and sequence number it answers, so a reply that
/// reaches the wrong call is detected, and every execution is counted in the ledger.
/// </summary>
[ZeroRpcService("load")]
public sealed class LoadService(CallLedger ledger)
{
    /// <summary>Returns [caller, sequence, payload] after recording the execution.</summary>
    public object?[] Echo(long caller, long sequence, byte[] payload)
    {
        ledger.Executed(caller, sequence);
        return [caller, sequence, payload];
    }

    /// <summary>Streams [caller, sequence, i] for i in 0..count-1.</summary>
    public async IAsyncEnumerable<long[]> Sequence(long caller, long sequence, long count,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ledger.Executed(caller, sequence);
        for (long i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return [caller, sequence, i];
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
