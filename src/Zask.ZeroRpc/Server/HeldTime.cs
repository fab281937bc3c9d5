using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// How long a call held its thread until it completed or first waited: hooks, binding, the method, encoding and
/// sending the reply, logging, all of it. <see cref="CallDispatch.Auto"/> decides where a method's calls run on it.
/// </summary>
internal readonly struct HeldTime
{
    private readonly long _started;
    private readonly TimeSpan _pausedBefore;

    private HeldTime(long started, TimeSpan pausedBefore)
    {
        _started = started;
        _pausedBefore = pausedBefore;
    }

    public static HeldTime Start() => new(Stopwatch.GetTimestamp(), GC.GetTotalPauseDuration());

    /// <summary>Tells <paramref name="served"/> how long the call held its thread, and warns when that demoted it.</summary>
    public void Report(ServedMethod served, bool ranInline, ILogger logger)
    {
        // A collection during the call stopped every thread: it says nothing about the method.
        var paused = GC.GetTotalPauseDuration() - _pausedBefore;
        var held = Stopwatch.GetTimestamp() - _started - (long)(paused.TotalSeconds * Stopwatch.Frequency);
        if (served.Observe(held, ranInline))
        {
            ServerLog.HeldTooLong(logger, served.Method.Name, held * 1000.0 / Stopwatch.Frequency);
        }
    }
}
