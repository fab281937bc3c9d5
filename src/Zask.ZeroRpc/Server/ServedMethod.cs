using System.Diagnostics;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// A method as one server serves it: the object it runs on, and where its calls run (<see cref="CallDispatch"/>),
/// which in <see cref="CallDispatch.Auto"/> mode follows how long its calls hold their thread.
/// </summary>
internal sealed class ServedMethod
{
    // A call that returns this fast costs less than the two thread hand-offs it takes to run it on the pool.
    private static readonly long FastTicks = Stopwatch.Frequency / 10_000;
    // Ten times the bound above, so that a fast method preempted once in a while does not flap back and forth.
    private static readonly long TooSlowInlineTicks = Stopwatch.Frequency / 1_000;
    // A thread preempted on a busy machine looks like a slow call: on the pool one slow call in this many is forgiven,
    // and inline a method goes back only when a second slow call follows within this many of its inline calls.
    private const int ForgivenEvery = 32;
    private const int SlowInlineWindow = 16;
    private const int FirstStreak = 64;
    private const int StreakGrowth = 8;
    // A preempted thread on a busy machine looks like a slow call too: such a method must get another chance, but
    // less and less often.
    private const int LongestStreak = FirstStreak * StreakGrowth * StreakGrowth * StreakGrowth;

    private readonly bool _adaptive;
    private readonly object?[] _inlineArguments;
    private int _streak;
    private int _slowInStreak;
    private long _inlineCalls;
    private long _lastSlowInline = long.MinValue / 2;
    private int _streakNeeded = FirstStreak;
    private volatile bool _runsInline;

    /// <summary>The span name, metric attributes and in-flight count of this method, made by the first observed call.</summary>
    public Diagnostics.MethodTelemetry? Telemetry { get; set; }

    public ServedMethod(MethodDescriptor method, object target, CallDispatch serverDispatch, ServiceActivator? activator = null)
    {
        Method = method;
        Target = target;
        Activator = activator;
        if (method.Dispatch is { } pinned && !Enum.IsDefined(pinned))
        {
            throw new ArgumentOutOfRangeException(nameof(method),
                $"[ZeroRpcDispatch] on {method.Method.DeclaringType?.Name}.{method.Method.Name} is {(int)pinned}, which is not a CallDispatch value");
        }
        var dispatch = method.Dispatch ?? serverDispatch;
        if (activator is not null)
        {
            // Each call makes its instance in a scope disposed asynchronously: only the pool path does that.
            dispatch = CallDispatch.ThreadPool;
        }
        else if (dispatch == CallDispatch.Auto && method.Kind == ReturnKind.Stream)
        {
            // A stream of synchronous items would keep the I/O thread until the caller's credit runs out.
            dispatch = CallDispatch.ThreadPool;
        }
        _adaptive = dispatch == CallDispatch.Auto;
        _runsInline = dispatch == CallDispatch.Inline;
        _inlineArguments = new object?[method.Parameters.Count];
    }

    public MethodDescriptor Method { get; }

    /// <summary>The instance calls run on; for a scoped service, the one resolved at start (calls get their own).</summary>
    public object Target { get; }

    /// <summary>Set for a scoped service: each call resolves its own instance in its own scope.</summary>
    public ServiceActivator? Activator { get; }

    /// <summary><c>true</c> when where calls run follows what they cost (<see cref="CallDispatch.Auto"/>).</summary>
    public bool IsAdaptive => _adaptive;

    /// <summary><c>true</c> when the next call should run on the I/O thread.</summary>
    public bool RunsInline => _runsInline;

    /// <summary>
    /// The argument array of calls served whole on the I/O thread (<see cref="InlineCall"/>): only that one
    /// thread uses it, one call at a time, and the compiled invoker never lets the method see it.
    /// </summary>
    internal object?[] InlineArguments => _inlineArguments;

    /// <summary>
    /// Records how long a call held its thread until it completed or first waited, garbage collection pauses left
    /// out (they stop every thread alike, wherever the call runs). Returns
    /// <c>true</c> when that call, run inline, was too slow and moved the method back to the thread pool.
    /// </summary>
    public bool Observe(long heldTicks, bool ranInline)
    {
        if (!_adaptive)
        {
            return false;
        }
        if (ranInline)
        {
            var call = Interlocked.Increment(ref _inlineCalls);
            return heldTicks > TooSlowInlineTicks && ConfirmedSlow(call) && Demote();
        }
        if (heldTicks > FastTicks)
        {
            if (Interlocked.Increment(ref _slowInStreak) > 1 + Volatile.Read(ref _streak) / ForgivenEvery)
            {
                Volatile.Write(ref _streak, 0);
                Volatile.Write(ref _slowInStreak, 0);
            }
        }
        else if (Interlocked.Increment(ref _streak) >= Volatile.Read(ref _streakNeeded))
        {
            _runsInline = true;
        }
        return false;
    }

    // True when the slow inline call numbered <paramref name="call"/> follows another within the window.
    private bool ConfirmedSlow(long call)
    {
        lock (this)
        {
            var previous = _lastSlowInline;
            _lastSlowInline = call;
            return call - previous <= SlowInlineWindow;
        }
    }

    private bool Demote()
    {
        lock (this)
        {
            if (!_runsInline)
            {
                return false;
            }
            _runsInline = false;
            _streak = 0;
            _slowInStreak = 0;
            _lastSlowInline = long.MinValue / 2;
            // Each demotion asks for a longer run of fast calls before trying again: 512, 4,096, then 32,768.
            _streakNeeded = Math.Min(_streakNeeded * StreakGrowth, LongestStreak);
            return true;
        }
    }
}
