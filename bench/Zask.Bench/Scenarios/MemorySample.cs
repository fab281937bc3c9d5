namespace Zask.Bench.Scenarios;

/// <summary>The server's memory after some number of calls, and all it allocated so far.</summary>
internal sealed record MemorySample(long CallsDone, long WorkingSetBytes, long ManagedBytes, long AllocatedBytes);
