using System.Buffers.Binary;
using MessagePack;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Channels;

/// <summary>
/// One call's channel: the events that share a channel id, its heartbeat clock and its flow-control credit.
/// Subclasses decide what to do with the RPC events (requests, replies, stream items) that arrive on it.
/// </summary>
internal abstract class Channel
{
    private static readonly ArgsWriter<int> IntArgs = static (ref MessagePackWriter w, int n) =>
    {
        w.WriteArrayHeader(1);
        w.Write(n);
    };

    private readonly long _heartbeatPeriodMs;
    private readonly long _lostAfterMs;
    private long _lastHeardMs;
    private long _lastBeatSentMs;
    private int _remoteCredit = 1;
    private TaskCompletionSource? _creditWaiter;
    private Exception? _closedReason;
    private int _closed;
    private bool _heardPeer;

    protected Channel(ChannelMultiplexer multiplexer, MessageId id, byte[][]? envelope)
    {
        Multiplexer = multiplexer;
        Id = id;
        Envelope = envelope;
        var heartbeat = multiplexer.Heartbeat;
        var now = multiplexer.NowMs;
        _heartbeatPeriodMs = heartbeat.Enabled ? Math.Max(1, (long)heartbeat.Period.TotalMilliseconds) : 0;
        _lostAfterMs = _heartbeatPeriodMs * heartbeat.MissedBeats;
        // As zerorpc-python does: the "last heard" clock starts one period after the channel opens.
        _lastHeardMs = now + _heartbeatPeriodMs;
        _lastBeatSentMs = now;
    }

    public ChannelMultiplexer Multiplexer { get; }

    /// <summary>
    /// The lock guarding the channel's state. A channel is internal and never handed to user code, so it serves as
    /// its own lock: one allocation less per call on both ends.
    /// </summary>
    protected object Gate => this;

    /// <summary>The channel id: the message id of the event that opened it.</summary>
    public MessageId Id { get; }

    /// <summary>Where replies go (the ROUTER identity frames); <c>null</c> on a client.</summary>
    public byte[][]? Envelope { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// <c>true</c> once any event arrived on the channel, a heartbeat included: the peer is there and knows the call,
    /// even if it has not answered yet.
    /// </summary>
    public bool HasHeardPeer => Volatile.Read(ref _heardPeer);

    private int _finishing;

    /// <summary>
    /// Stops heartbeats before the final event goes out, so that no beat follows the last reply on the wire.
    /// </summary>
    public void BeginFinalEvent() => Volatile.Write(ref _finishing, 1);

    /// <summary>Handles an event that arrived on this channel. Runs on the I/O thread: must not block.</summary>
    public void Receive(Event evt)
    {
        Volatile.Write(ref _lastHeardMs, Multiplexer.NowMs);
        if (!_heardPeer)
        {
            Volatile.Write(ref _heardPeer, true);
        }
        if (ReferenceEquals(evt.Name, EventNames.Heartbeat))
        {
            return;
        }
        if (ReferenceEquals(evt.Name, EventNames.More))
        {
            AddCredit(ReadCredit(evt.Args));
            return;
        }
        OnRpcEvent(evt);
    }

    /// <summary>A request, reply or stream event arrived (not a heartbeat or a credit grant).</summary>
    protected abstract void OnRpcEvent(Event evt);

    /// <summary><c>true</c> for the channel of a call served (its lost remote is a caller), for the metrics.</summary>
    protected virtual bool IsServerSide => false;

    /// <summary>The method the channel's call is for, when known, to tag the lost-remote count with.</summary>
    protected virtual Diagnostics.MethodTelemetry? LostRemoteMethod => null;

    /// <summary>The peer was declared lost; the channel is already closed.</summary>
    protected abstract void OnLost(LostRemoteException error);

    /// <summary>Sends a heartbeat when one is due and declares the peer lost when it has been silent too long.</summary>
    public void Tick(long nowMs)
    {
        if (_heartbeatPeriodMs == 0 || IsClosed || Volatile.Read(ref _finishing) != 0)
        {
            return;
        }
        if (nowMs - Volatile.Read(ref _lastHeardMs) > _lostAfterMs)
        {
            var seconds = _lostAfterMs / 1000.0;
            Lose(new LostRemoteException($"Lost remote after {seconds:0.###}s heartbeat"));
            if (Diagnostics.RpcInstruments.LostRemotes.Enabled)
            {
                Diagnostics.RpcInstruments.CountLostRemote(IsServerSide, LostRemoteMethod);
            }
            return;
        }
        // Beat twice per period: a peer that declares loss after two silent periods of its own clock (Node
        // does, from the moment the channel opens) then never sees a gap near its limit, even on a busy machine.
        if (nowMs - _lastBeatSentMs >= _heartbeatPeriodMs / 2)
        {
            _lastBeatSentMs = nowMs;
            Multiplexer.SendEvent(Envelope, default, Id, null, EventNames.Heartbeat, 0, IntArgs);
        }
    }

    /// <summary>
    /// Called on the I/O thread by the multiplexer's deadline tick; a channel that waits with a deadline fails
    /// the wait once it has passed.
    /// </summary>
    public virtual void CheckDeadline(long nowMs)
    {
    }

    /// <summary>Declares the peer lost: the channel closes and its owner is told.</summary>
    public void Lose(LostRemoteException error)
    {
        if (Close(error))
        {
            OnLost(error);
        }
    }

    /// <summary>
    /// Closes the channel because its socket closed under it; its owner is told, so that a reader waiting for an event
    /// that can no longer come fails instead of waiting for ever.
    /// </summary>
    public void Abort(Exception reason)
    {
        if (Close(reason))
        {
            OnAborted(reason);
        }
    }

    /// <summary>The channel's socket closed; the channel is already closed.</summary>
    protected virtual void OnAborted(Exception reason)
    {
    }

    /// <summary>Grants the peer <paramref name="count"/> more events on this channel.</summary>
    public void SendCredit(int count) =>
        Multiplexer.SendEvent(Envelope, default, Id, null, EventNames.More, count, IntArgs);

    /// <summary>Sends an RPC event on this channel, first waiting for the peer to grant credit for it.</summary>
    public ValueTask SendRpcAsync<TState>(string name, TState state, ArgsWriter<TState> args,
        IReadOnlyDictionary<string, object?>? context, CancellationToken cancellationToken)
    {
        var credit = AcquireCreditAsync(cancellationToken);
        if (credit.IsCompletedSuccessfully)
        {
            SendWithCredit(name, state, args, context);
            return default;
        }
        return SendAfterCreditAsync(credit, name, state, args, context);
    }

    private void SendWithCredit<TState>(string name, TState state, ArgsWriter<TState> args, IReadOnlyDictionary<string, object?>? context)
    {
        try
        {
            Multiplexer.SendEvent(Envelope, default, Id, context, name, state, args);
        }
        catch
        {
            // Nothing was sent (the args could not be encoded): the credit is still the peer's to use, for the ERR.
            AddCredit(1);
            throw;
        }
    }

    private async ValueTask SendAfterCreditAsync<TState>(ValueTask credit, string name, TState state, ArgsWriter<TState> args,
        IReadOnlyDictionary<string, object?>? context)
    {
        await credit.ConfigureAwait(false);
        SendWithCredit(name, state, args, context);
    }

    /// <summary>Takes one unit of the peer's credit, waiting for a <c>_zpc_more</c> when there is none.</summary>
    public ValueTask AcquireCreditAsync(CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            ThrowIfClosed();
            if (_remoteCredit > 0)
            {
                _remoteCredit--;
                return default;
            }
        }
        return WaitForCreditAsync(cancellationToken);
    }

    private async ValueTask WaitForCreditAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (Gate)
            {
                ThrowIfClosed();
                if (_remoteCredit > 0)
                {
                    _remoteCredit--;
                    return;
                }
                _creditWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _creditWaiter.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void AddCredit(int count)
    {
        if (count <= 0)
        {
            return;
        }
        TaskCompletionSource? waiter;
        lock (Gate)
        {
            // zerorpc-python adds to the credit (zerorpc-node sets it); adding never sends more than granted.
            _remoteCredit = (int)Math.Min(int.MaxValue, (long)_remoteCredit + count);
            waiter = _creditWaiter;
            _creditWaiter = null;
        }
        waiter?.TrySetResult();
    }

    /// <summary>Closes the channel locally (zerorpc has no close event). Returns <c>false</c> when already closed.</summary>
    public bool Close(Exception? reason = null)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }
        TaskCompletionSource? waiter;
        lock (Gate)
        {
            _closedReason = reason;
            waiter = _creditWaiter;
            _creditWaiter = null;
        }
        waiter?.TrySetResult();
        Multiplexer.Remove(this);
        return true;
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            throw _closedReason ?? new ObjectDisposedException("channel", "The channel is closed.");
        }
    }

    private static int ReadCredit(ReadOnlyMemory<byte> args)
    {
        try
        {
            var reader = new MessagePackReader(args);
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() < 1
                || reader.NextMessagePackType != MessagePackType.Integer)
            {
                return 0;
            }
            return (int)Math.Clamp(reader.ReadInt64(), 0, int.MaxValue);
        }
        catch (MessagePackSerializationException)
        {
            return 0;
        }
    }
}
