namespace Zask.Reliability.Tests.Support;

/// <summary>The figures one test measured. Counters are updated from many threads, hence the Interlocked helpers.</summary>
public sealed class ReliabilityFigures
{
    private long _callsMade;
    private long _callsSucceeded;
    private long _callsLost;
    private long _callsFailedByFault;
    private long _callsDuplicated;
    private long _wrongCaller;
    private long _streamItems;
    private long _faultsInjected;
    private long _faultsSurvived;
    private long _malformedSent;
    private long _malformedRejected;

    public long CallsMade => Interlocked.Read(ref _callsMade);
    public long CallsSucceeded => Interlocked.Read(ref _callsSucceeded);
    /// <summary>Calls that should have succeeded and did not: always a defect.</summary>
    public long CallsLost => Interlocked.Read(ref _callsLost);

    /// <summary>Calls that failed cleanly because the test killed or cut their server: expected, and bounded in time.</summary>
    public long CallsFailedByFault => Interlocked.Read(ref _callsFailedByFault);
    public long CallsDuplicated => Interlocked.Read(ref _callsDuplicated);
    public long WrongCaller => Interlocked.Read(ref _wrongCaller);
    public long StreamItems => Interlocked.Read(ref _streamItems);
    public long FaultsInjected => Interlocked.Read(ref _faultsInjected);
    public long FaultsSurvived => Interlocked.Read(ref _faultsSurvived);
    public long MalformedSent => Interlocked.Read(ref _malformedSent);
    public long MalformedRejected => Interlocked.Read(ref _malformedRejected);

    /// <summary>Free-form measurements (latencies, memory, counts) that have no fixed slot.</summary>
    public Dictionary<string, object> Extra { get; } = new(StringComparer.Ordinal);

    public TimeSpan Duration { get; set; }

    public void CallMade() => Interlocked.Increment(ref _callsMade);
    public void CallSucceeded() => Interlocked.Increment(ref _callsSucceeded);
    public void CallLost() => Interlocked.Increment(ref _callsLost);
    public void CallFailedByFault() => Interlocked.Increment(ref _callsFailedByFault);
    public void AddDuplicated(long count) => Interlocked.Add(ref _callsDuplicated, count);
    public void CallToWrongCaller() => Interlocked.Increment(ref _wrongCaller);
    public void AddStreamItems(long count) => Interlocked.Add(ref _streamItems, count);
    public void FaultInjected() => Interlocked.Increment(ref _faultsInjected);
    public void FaultSurvived() => Interlocked.Increment(ref _faultsSurvived);
    public void AddMalformedSent(long count) => Interlocked.Add(ref _malformedSent, count);
    public void SetMalformedRejected(long count) => Interlocked.Exchange(ref _malformedRejected, count);

    public void Set(string name, object value)
    {
        lock (Extra)
        {
            Extra[name] = value;
        }
    }
}
