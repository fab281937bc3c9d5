namespace Showcase;

/// <summary>Counts the runs of the showcase's one-second job, for <c>job_runs()</c>.</summary>
public sealed class JobRunCounter
{
    private long _runs;

    /// <summary>The runs so far.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Counts one run.</summary>
    public void Increment() => Interlocked.Increment(ref _runs);
}
