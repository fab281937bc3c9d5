using MessagePack;
using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Channels;

/// <summary>
/// Multiplexes channels over one socket: routes each incoming event to its channel by <c>response_to</c>, drops
/// events for channels it does not know, hands channel-opening events to the owner, and drives heartbeats.
/// </summary>
internal sealed class ChannelMultiplexer : IDisposable
{
    // A plain dictionary under a lock rather than a ConcurrentDictionary, which allocates a node for every channel
    // (two per call, counting both ends); the lock is held only for single lookups and updates.
    private readonly Dictionary<MessageId, Channel> _channels = new();
    // The channels a tick visits, copied out of the lock; only the I/O thread uses it.
    private readonly List<Channel> _tickChannels = new();
    private readonly Func<Event, byte[][]?, bool>? _onNewChannel;
    private readonly ILogger _logger;
    private readonly Action<IncomingMessage, string>? _onRejected;
    private readonly RejectionLog _rejections;
    private readonly NameTable? _names;
    private readonly MillisecondClock _clock;
    private long _droppedEvents;
    // Counted under the channels' lock, which Register takes anyway.
    private long _channelsOpened;
    // _channels.Count, readable without the lock.
    private volatile int _open;
    // Set under the channels' lock: no channel registers after Dispose took its snapshot (it would wait for ever).
    private bool _disposed;

    [ThreadStatic]
    private static PooledBufferWriter? t_buffer;

    /// <param name="socketFactory">Creates the socket, given the receive callback to install.</param>
    /// <param name="heartbeat">Heartbeat settings for every channel of this socket.</param>
    /// <param name="limits">Bounds checked on every incoming event.</param>
    /// <param name="onNewChannel">Server side: called on the I/O thread for an event without response_to.</param>
    /// <param name="logger">Where rejected and unroutable events are reported.</param>
    /// <param name="names">Server side: the method names, so that decoding a request reuses them.</param>
    /// <param name="onRejected">Server side: told about each message rejected as malformed, with the reason.</param>
    /// <param name="deadlineTick">
    /// How often channels' deadlines are checked (client side: the first-reply timeout); <c>null</c> for none.
    /// </param>
    /// <param name="time">
    /// The clock of heartbeats and deadlines (<see cref="TimeProvider.System"/> by default); the socket's timers should
    /// run on the same one.
    /// </param>
    public ChannelMultiplexer(Func<Action<IncomingMessage>, ITransportSocket> socketFactory, HeartbeatOptions heartbeat,
        DecodeLimits limits, Func<Event, byte[][]?, bool>? onNewChannel, ILogger logger, TimeSpan? deadlineTick = null, NameTable? names = null,
        Action<IncomingMessage, string>? onRejected = null, TimeProvider? time = null)
    {
        _clock = new MillisecondClock(time);
        _onRejected = onRejected;
        _names = names;
        Heartbeat = heartbeat;
        Limits = limits;
        _onNewChannel = onNewChannel;
        _logger = logger;
        _rejections = new RejectionLog(logger);
        Socket = socketFactory(OnMessage);
        if (heartbeat.Enabled)
        {
            // Check a few times per period so that beats and loss detection stay close to the period.
            var tick = TimeSpan.FromMilliseconds(Math.Clamp(heartbeat.Period.TotalMilliseconds / 4, 5, 1000));
            Socket.AddTimer(tick, OnHeartbeatTick);
        }
        if (deadlineTick is { } every)
        {
            // One timer on the I/O thread for every call's timeout, instead of a timer per call.
            Socket.AddTimer(every, OnDeadlineTick);
        }
    }

    public ITransportSocket Socket { get; }

    /// <summary>Milliseconds on the clock of this socket's heartbeats and deadlines (only differences mean anything).</summary>
    public long NowMs => _clock.NowMs;

    public HeartbeatOptions Heartbeat { get; }

    public DecodeLimits Limits { get; }

    /// <summary>How many channels are open now.</summary>
    public int OpenChannels
    {
        get
        {
            lock (_channels)
            {
                return _channels.Count;
            }
        }
    }

    /// <summary>How many channels are open, read without waiting for the lock (a moment old, at worst).</summary>
    public int OpenChannelsNow => _open;

    /// <summary>Channels registered since this multiplexer was made.</summary>
    public long ChannelsOpened
    {
        get
        {
            lock (_channels)
            {
                return _channelsOpened;
            }
        }
    }

    /// <summary>Events dropped because their channel was unknown (late heartbeats, replies after a timeout).</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>Messages rejected because they were not well-formed events.</summary>
    public long RejectedMessages => _rejections.Count;

    /// <summary>Registers a channel (after Dispose too: a server's call may still ask for its channel then).</summary>
    public void Register(Channel channel) => _ = TryRegister(channel, refuseWhenDisposed: false);

    /// <summary>
    /// Registers a channel that waits for events (a call's), unless this multiplexer was disposed: nothing would ever
    /// reach or end that channel then. Returns <c>false</c> when it was.
    /// </summary>
    public bool TryRegisterOpen(Channel channel) => TryRegister(channel, refuseWhenDisposed: true);

    private bool TryRegister(Channel channel, bool refuseWhenDisposed)
    {
        bool added;
        lock (_channels)
        {
            if (refuseWhenDisposed && _disposed)
            {
                return false;
            }
            added = _channels.TryAdd(channel.Id, channel);
            if (added)
            {
                _channelsOpened++;
                _open = _channels.Count;
            }
        }
        if (!added)
        {
            throw new InvalidOperationException($"a channel with id {channel.Id} is already open");
        }
        return true;
    }

    public void Remove(Channel channel)
    {
        lock (_channels)
        {
            // Only this very channel: a new one may have reused the id.
            if (_channels.TryGetValue(channel.Id, out var current) && ReferenceEquals(current, channel))
            {
                _channels.Remove(channel.Id);
                _open = _channels.Count;
            }
        }
    }

    /// <summary>Whether a channel with this id is open.</summary>
    public bool IsOpen(MessageId id)
    {
        lock (_channels)
        {
            return _channels.ContainsKey(id);
        }
    }

    private bool TryGetChannel(MessageId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Channel? channel)
    {
        lock (_channels)
        {
            return _channels.TryGetValue(id, out channel);
        }
    }

    /// <summary>Copies the open channels into <paramref name="into"/>, so that they are visited outside the lock.</summary>
    private List<Channel> Snapshot(List<Channel> into)
    {
        into.Clear();
        lock (_channels)
        {
            into.AddRange(_channels.Values);
        }
        return into;
    }

    /// <summary>
    /// Encodes an event into a pooled buffer and sends it (see <see cref="ITransportSocket.Send"/>). A default
    /// <paramref name="messageId"/> gets a fresh id written straight into the buffer (for events whose id nobody keeps).
    /// </summary>
    public void SendEvent<TState>(byte[][]? envelope, MessageId messageId, MessageId? responseTo,
        IReadOnlyDictionary<string, object?>? context, string name, TState state, ArgsWriter<TState> args,
        ISendFailureObserver? observer = null, bool moreFollow = false)
    {
        var buffer = t_buffer ??= new PooledBufferWriter();
        buffer.Reset();
        var writer = new MessagePackWriter(buffer);
        if (messageId.IsEmpty)
        {
            EventCodec.WriteHeaderWithFreshId(ref writer, responseTo, context);
        }
        else
        {
            EventCodec.WriteHeader(ref writer, messageId, responseTo, context);
        }
        writer.Write(name);
        args(ref writer, state);
        writer.Flush();
        var (bytes, length) = buffer.Detach();
        Socket.Send(new OutgoingMessage(envelope, bytes, length, observer, moreFollow));
    }

    private void OnMessage(IncomingMessage message)
    {
        Event evt;
        try
        {
            // The blob is a fresh array that nothing modifies: ids may point into it rather than be copied.
            evt = EventCodec.Decode(message.Blob, Limits, _names, aliasIds: true);
        }
        catch (EventDecodeException ex)
        {
            _rejections.Report(ex.Message, message.Blob.Length);
            _onRejected?.Invoke(message, ex.Message);
            return;
        }
        if (evt.Header.ResponseTo is { } channelId)
        {
            if (TryGetChannel(channelId, out var channel))
            {
                channel.Receive(evt);
            }
            else
            {
                // Normal traffic: a heartbeat or reply that arrives after its channel closed. Never a new call.
                Interlocked.Increment(ref _droppedEvents);
                ChannelLog.Unroutable(_logger, evt);
            }
            return;
        }
        if (_onNewChannel is null || !_onNewChannel(evt, message.Envelope))
        {
            Interlocked.Increment(ref _droppedEvents);
            ChannelLog.NotAnOpening(_logger, evt);
        }
    }

    /// <summary>Declares the peer of every open channel lost (its connection closed).</summary>
    public void LoseAll(LostRemoteException error)
    {
        foreach (var channel in Snapshot(new List<Channel>()))
        {
            channel.Lose(error);
        }
    }

    private void OnDeadlineTick()
    {
        var now = NowMs;
        var channels = Snapshot(_tickChannels);
        foreach (var channel in channels)
        {
            channel.CheckDeadline(now);
        }
        channels.Clear();
    }

    private void OnHeartbeatTick()
    {
        var now = NowMs;
        var channels = Snapshot(_tickChannels);
        foreach (var channel in channels)
        {
            try
            {
                channel.Tick(now);
            }
            catch (Exception ex)
            {
                ChannelLog.HeartbeatFailed(_logger, ex, channel.Id);
            }
        }
        channels.Clear();
    }

    public void Dispose() => Close(TimeSpan.Zero);

    /// <summary>
    /// Aborts the open channels and closes the socket once what was sent has been written, or after
    /// <paramref name="linger"/>; blocks meanwhile.
    /// </summary>
    public void Close(TimeSpan linger)
    {
        lock (_channels)
        {
            _disposed = true;
        }
        // Aborted, not just closed: a caller waiting on one would otherwise wait for ever, its deadline tick gone.
        foreach (var channel in Snapshot(new List<Channel>()))
        {
            channel.Abort(new ObjectDisposedException("socket", "The socket was closed."));
        }
        Socket.Close(linger);
    }
}
