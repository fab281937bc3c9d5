namespace Zask.Reliability.Tests.Services;

/// <summary>
/// Counts, on the server, how many times each (caller, sequence) request was executed: a count above one is a
/// duplicated call, zero a lost one. An int per call keeps a million-call run at 4 MB.
/// </summary>
public sealed class CallLedger
{
    private readonly int[] _counts;
    private long _outOfRange;

    public CallLedger(int callers, int callsPerCaller)
    {
        Callers = callers;
        CallsPerCaller = callsPerCaller;
        _counts = new int[checked(callers * callsPerCaller)];
    }

    public int Callers { get; }

    public int CallsPerCaller { get; }

    /// <summary>Requests whose ids fall outside the ledger: corrupted or misrouted arguments.</summary>
    public long OutOfRange => Interlocked.Read(ref _outOfRange);

    public void Executed(long caller, long sequence)
    {
        if (caller < 0 || caller >= Callers || sequence < 0 || sequence >= CallsPerCaller)
        {
            Interlocked.Increment(ref _outOfRange);
            return;
        }
        Interlocked.Increment(ref _counts[caller * CallsPerCaller + sequence]);
    }

    /// <summary>How many requests were executed more than once, and how many extra executions there were.</summary>
    public (long Requests, long Extra) Duplicates()
    {
        long requests = 0, extra = 0;
        foreach (var count in _counts)
        {
            if (count > 1)
            {
                requests++;
                extra += count - 1;
            }
        }
        return (requests, extra);
    }

    /// <summary>How many requests never reached the service.</summary>
    public long NeverExecuted() => _counts.LongCount(c => c == 0);
}
