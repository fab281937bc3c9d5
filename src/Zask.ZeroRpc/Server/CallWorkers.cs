using System.Collections.Concurrent;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// The threads that run a server's calls once they leave its I/O thread: as many as the processors at once when
/// calls are waiting, then up to 4 more every 10 ms while the calls waiting make no progress (every thread
/// blocked), up to a maximum; a thread ends after 20 s without work.
/// </summary>
/// <remarks>
/// Not the .NET thread pool: the transport's socket reads and writes complete on pool threads, so calls that
/// block (synchronous I/O, locks, sleeps: what these threads are for) would hold up the server's own traffic,
/// heartbeats included, until the pool grew, which it does by about one thread every half second. Callers lost
/// their server after a few dozen blocking calls. Async methods release their worker at their first incomplete
/// await and continue on the pool, as any async code does. They are also the cheaper hand-off: queuing the same calls
/// to the .NET pool instead cost the server more CPU per call and gave fewer calls per second (measured on Zask.Zmtp).
/// </remarks>
internal sealed class CallWorkers : IDisposable
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);
    private const int StallCheckMs = 10;
    private const int MaxStartedPerCheck = 4;

    private readonly ConcurrentQueue<IThreadPoolWorkItem> _queue = new();
    // One count per queued call (and one per idle thread that Dispose wakes).
    private readonly SemaphoreSlim _signal = new(0);
    private readonly object _gate = new();
    private readonly int _max;
    // Up to this many threads start at once: quick calls need no more, and more would only fight for the processors.
    private readonly int _eager;
    private readonly string _name;
    private readonly Timer _stallCheck;
    private int _threads;
    private int _idle;
    private int _waiting;
    private long _taken;
    private long _takenAtCheck;
    private bool _checkArmed;
    private int _started;
    private bool _disposed;

    /// <param name="max">The most threads at once; calls beyond wait in order for one to be free.</param>
    /// <param name="name">Names the threads (<c>name-1</c>, <c>name-2</c>...), for debuggers and profiles.</param>
    public CallWorkers(int max, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        _max = max;
        _eager = Math.Min(max, Math.Max(2, Environment.ProcessorCount));
        _name = name;
        _stallCheck = new Timer(static state => ((CallWorkers)state!).CheckStall(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Threads alive now.</summary>
    public int Threads => Volatile.Read(ref _threads);

    /// <summary>Queues a call; starts a thread when none is idle for it and fewer than the processors run.</summary>
    public void Run(IThreadPoolWorkItem call)
    {
        _queue.Enqueue(call);
        var start = false;
        lock (_gate)
        {
            _waiting++;
            if (_waiting > _idle && _threads < _max && !_disposed)
            {
                if (_threads < _eager)
                {
                    _threads++;
                    start = true;
                }
                else
                {
                    ArmStallCheck();
                }
            }
        }
        if (start)
        {
            StartThread();
        }
        _signal.Release();
    }

    /// <summary>Under the lock: look again in 10 ms whether the calls waiting were taken meanwhile.</summary>
    private void ArmStallCheck()
    {
        if (!_checkArmed)
        {
            _checkArmed = true;
            _takenAtCheck = _taken;
            _stallCheck.Change(StallCheckMs, Timeout.Infinite);
        }
    }

    private void CheckStall()
    {
        var start = 0;
        lock (_gate)
        {
            _checkArmed = false;
            if (_waiting <= _idle || _disposed)
            {
                return;
            }
            // No call taken for 10 ms with calls waiting: every thread is blocked in a call. More threads.
            if (_taken == _takenAtCheck)
            {
                start = Math.Min(Math.Min(_waiting - _idle, MaxStartedPerCheck), _max - _threads);
                _threads += start;
            }
            ArmStallCheck();
        }
        for (var i = 0; i < start; i++)
        {
            StartThread();
        }
    }

    private void StartThread() =>
        new Thread(Work) { IsBackground = true, Name = $"{_name}-{Interlocked.Increment(ref _started)}" }.Start();

    private void Work()
    {
        while (true)
        {
            lock (_gate)
            {
                _idle++;
            }
            var signalled = _signal.Wait(IdleTimeout);
            IThreadPoolWorkItem? call = null;
            lock (_gate)
            {
                _idle--;
                if (signalled && _queue.TryDequeue(out call))
                {
                    _waiting--;
                    _taken++;
                }
                // Idle long enough, or woken by Dispose with nothing to run: end. Decided under the lock that Run
                // takes too, so that a call queued just as this thread ends starts another one.
                else if (_queue.IsEmpty && (!signalled || _disposed))
                {
                    _threads--;
                    return;
                }
            }
            call?.Execute();
        }
    }

    /// <summary>Idle threads end now; busy ones once the calls queued have run (they find their channels closed).</summary>
    public void Dispose()
    {
        int idle;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            idle = _idle;
        }
        _stallCheck.Dispose();
        if (idle > 0)
        {
            _signal.Release(idle);
        }
    }
}
