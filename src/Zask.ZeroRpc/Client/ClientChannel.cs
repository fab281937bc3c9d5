using System.Threading.Tasks.Sources;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// The client end of one call's channel: queues the replies and, while a stream is read, grants the server
/// credit the way zerorpc-python's buffered channel does (100 slots, topped up when fewer than 50 remain).
/// </summary>
/// <remarks>
/// The inbox is a single-reader <see cref="IValueTaskSource{TResult}"/> rather than a
/// <c>System.Threading.Channels</c> channel: a plain call reads exactly one event, so a reusable waiter plus one
/// slot covers it with no allocation, and a queue is only created once a stream has more than one event pending.
/// The first-reply timeout is a deadline checked by the multiplexer's tick on the I/O thread, not a timer per call.
/// </remarks>
internal sealed class ClientChannel : Channel, ISendFailureObserver, IValueTaskSource<Event>
{
    private const int BufferSize = 100;
    private const int RefillBelow = 50;
    private const long NoDeadline = long.MaxValue;

    // Continuations run on the pool: the writer is the I/O thread, which must never run caller code. A reply handed
    // to the dispatcher is the exception: its runner is a pool thread holding no lock, and resumes the reader inline.
    private ManualResetValueTaskSourceCore<Event> _waiter = new() { RunContinuationsAsynchronously = true };
    private readonly ReplyDispatcher? _dispatcher;
    private Event? _delivering;
    private Event? _first;
    private Queue<Event>? _more;
    private Exception? _completion;
    private bool _waiting;
    private long _deadlineMs = NoDeadline;
    private CancellationTokenRegistration _cancellation;
    private int _reserved = 1;
    private bool _readOnce;

    /// <param name="multiplexer">The connection's multiplexer.</param>
    /// <param name="id">The channel id (the request's message id).</param>
    /// <param name="dispatcher">Resumes the reader of each reply; <c>null</c> to resume it through a work item of its own.</param>
    /// <param name="method">The method called, when its call is observed, for the lost-remote count's attributes.</param>
    public ClientChannel(ChannelMultiplexer multiplexer, MessageId id, ReplyDispatcher? dispatcher = null, Diagnostics.MethodTelemetry? method = null)
        : base(multiplexer, id, null)
    {
        _dispatcher = dispatcher;
        LostRemoteMethod = method;
    }

    /// <inheritdoc />
    protected override Diagnostics.MethodTelemetry? LostRemoteMethod { get; }

    /// <summary>
    /// Reads the first reply: fails with <see cref="TimeoutException"/> when none arrived by <paramref name="deadlineMs"/>
    /// on the multiplexer's clock (<see cref="ChannelMultiplexer.NowMs"/>), checked by its tick.
    /// </summary>
    public ValueTask<Event> ReadFirstAsync(long deadlineMs, CancellationToken cancellationToken) =>
        Read(deadlineMs, cancellationToken);

    /// <summary>Reads the next reply event, first granting credit when the reserve runs low.</summary>
    public ValueTask<Event> ReadAsync(CancellationToken cancellationToken) => Read(NoDeadline, cancellationToken);

    private ValueTask<Event> Read(long deadlineMs, CancellationToken cancellationToken)
    {
        if (_readOnce && _reserved < RefillBelow)
        {
            SendCredit(BufferSize - _reserved);
            _reserved = BufferSize;
        }
        _readOnce = true;
        _reserved--;
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<Event>(cancellationToken);
        }
        short version;
        lock (Gate)
        {
            if (TryTake(out var ready))
            {
                return new ValueTask<Event>(ready);
            }
            if (_completion is not null)
            {
                return ValueTask.FromException<Event>(_completion);
            }
            _waiter.Reset();
            _waiter.RunContinuationsAsynchronously = true;
            version = _waiter.Version;
            _waiting = true;
            if (deadlineMs != NoDeadline)
            {
                Volatile.Write(ref _deadlineMs, deadlineMs);
            }
        }
        if (deadlineMs != NoDeadline && Multiplexer.NowMs >= deadlineMs)
        {
            // Past due already: the tick that passed it may have run before this read waited (between the request's
            // send and here), and with a clock that moves only when told (a test's) no other tick would come. Read
            // after the deadline was set, so that either this or that tick sees it.
            CompleteWaiter(null, new TimeoutException());
        }
        if (cancellationToken.CanBeCanceled)
        {
            // Disposed in GetResult, which the reader always calls before it can read again.
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) =>
                ((ClientChannel)state!).CompleteWaiter(null, new OperationCanceledException(token)), this);
        }
        return new ValueTask<Event>(this, version);
    }

    private bool TryTake(out Event evt)
    {
        if (_first is not null)
        {
            evt = _first;
            _first = null;
            if (_more is { Count: > 0 })
            {
                _first = _more.Dequeue();
            }
            return true;
        }
        evt = null!;
        return false;
    }

    /// <summary>Completes the pending read, if any, with an event or an error. Returns <c>false</c> when no read waits.</summary>
    private bool CompleteWaiter(Event? evt, Exception? error)
    {
        lock (Gate)
        {
            if (!_waiting)
            {
                return false;
            }
            _waiting = false;
            _deadlineMs = NoDeadline;
        }
        if (error is null)
        {
            _waiter.SetResult(evt!);
        }
        else
        {
            _waiter.SetException(error);
        }
        return true;
    }

    protected override void OnRpcEvent(Event evt)
    {
        lock (Gate)
        {
            if (!_waiting)
            {
                if (_first is null)
                {
                    _first = evt;
                }
                else
                {
                    (_more ??= new Queue<Event>()).Enqueue(evt);
                }
                return;
            }
            // Claimed under the lock so that a deadline or a cancellation cannot complete the read as well.
            _waiting = false;
            _deadlineMs = NoDeadline;
            if (_dispatcher is not null)
            {
                _delivering = evt;
            }
        }
        if (_dispatcher is null)
        {
            _waiter.SetResult(evt);
            return;
        }
        _dispatcher.Enqueue(this);
    }

    /// <summary>
    /// Hands the claimed reply to the waiting reader: its continuation runs here (the dispatcher's runner) when
    /// <paramref name="inline"/>, otherwise on a work item of its own.
    /// </summary>
    internal void Deliver(bool inline)
    {
        // Written before the dispatcher's queue took this channel, which orders it before this read.
        var evt = _delivering!;
        _delivering = null;
        _waiter.RunContinuationsAsynchronously = !inline;
        _waiter.SetResult(evt);
    }

    protected override void OnLost(LostRemoteException error) => Complete(error);

    protected override void OnAborted(Exception reason) => Complete(reason);

    /// <summary>Called on the I/O thread by the multiplexer's tick: fails a first read that waited past its deadline.</summary>
    public override void CheckDeadline(long nowMs)
    {
        if (nowMs >= Volatile.Read(ref _deadlineMs))
        {
            CompleteWaiter(null, new TimeoutException());
        }
    }

    /// <summary>The request could not be queued to any peer: the endpoint is not connected.</summary>
    public void OnSendFailed()
    {
        var error = new EndpointUnavailableException("no connection to the endpoint");
        if (Close(error))
        {
            Complete(error);
        }
    }

    /// <summary>No more events will come: a waiting read fails now, later reads once the queued events are read.</summary>
    private void Complete(Exception error)
    {
        lock (Gate)
        {
            _completion ??= error;
        }
        CompleteWaiter(null, error);
    }

    Event IValueTaskSource<Event>.GetResult(short token)
    {
        var registration = _cancellation;
        _cancellation = default;
        registration.Dispose();
        return _waiter.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<Event>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<Event>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _waiter.OnCompleted(continuation, state, token, flags);
}
