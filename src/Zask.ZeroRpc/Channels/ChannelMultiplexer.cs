using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<MessageId, Channel> _channels = new();
    private readonly Func<Event, byte[][]?, bool>? _onNewChannel;
    private readonly ILogger _logger;
    private readonly RejectionLog _rejections;
    private long _droppedEvents;

    [ThreadStatic]
    private static PooledBufferWriter? t_buffer;

    /// <param name="socketFactory">Creates the socket, given the receive callback to install.</param>
    /// <param name="heartbeat">Heartbeat settings for every channel of this socket.</param>
    /// <param name="limits">Bounds checked on every incoming event.</param>
    /// <param name="onNewChannel">Server side: called on the I/O thread for an event without response_to.</param>
    /// <param name="logger">Where rejected and unroutable events are reported.</param>
    public ChannelMultiplexer(Func<Action<IncomingMessage>, ITransportSocket> socketFactory, HeartbeatOptions heartbeat,
        DecodeLimits limits, Func<Event, byte[][]?, bool>? onNewChannel, ILogger logger)
    {
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
    }

    public ITransportSocket Socket { get; }

    public HeartbeatOptions Heartbeat { get; }

    public DecodeLimits Limits { get; }

    /// <summary>How many channels are open now.</summary>
    public int OpenChannels => _channels.Count;

    /// <summary>Events dropped because their channel was unknown (late heartbeats, replies after a timeout).</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>Messages rejected because they were not well-formed events.</summary>
    public long RejectedMessages => _rejections.Count;

    public void Register(Channel channel)
    {
        if (!_channels.TryAdd(channel.Id, channel))
        {
            throw new InvalidOperationException($"a channel with id {channel.Id} is already open");
        }
    }

    public void Remove(Channel channel) => _channels.TryRemove(new KeyValuePair<MessageId, Channel>(channel.Id, channel));

    /// <summary>Encodes an event into a pooled buffer and queues it for the I/O thread.</summary>
    public void SendEvent<TState>(byte[][]? envelope, MessageId messageId, MessageId? responseTo,
        IReadOnlyDictionary<string, object?>? context, string name, TState state, ArgsWriter<TState> args,
        ISendFailureObserver? observer = null)
    {
        var buffer = t_buffer ??= new PooledBufferWriter();
        buffer.Reset();
        var writer = new MessagePackWriter(buffer);
        EventCodec.WriteHeader(ref writer, messageId, responseTo, context);
        writer.Write(name);
        args(ref writer, state);
        writer.Flush();
        var (bytes, length) = buffer.Detach();
        Socket.Send(new OutgoingMessage(envelope, bytes, length, observer));
    }

    private void OnMessage(IncomingMessage message)
    {
        Event evt;
        try
        {
            evt = EventCodec.Decode(message.Blob, Limits);
        }
        catch (EventDecodeException ex)
        {
            _rejections.Report(ex.Message, message.Blob.Length);
            return;
        }
        if (evt.Header.ResponseTo is { } channelId)
        {
            if (_channels.TryGetValue(channelId, out var channel))
            {
                channel.Receive(evt);
            }
            else
            {
                // Normal traffic: a heartbeat or reply that arrives after its channel closed. Never a new call.
                Interlocked.Increment(ref _droppedEvents);
                _logger.LogDebug("Unable to route event {Event}: no open channel", evt);
            }
            return;
        }
        if (_onNewChannel is null || !_onNewChannel(evt, message.Envelope))
        {
            Interlocked.Increment(ref _droppedEvents);
            _logger.LogDebug("Dropped event {Event}: it opens no channel here", evt);
        }
    }

    /// <summary>Declares the peer of every open channel lost (its connection closed).</summary>
    public void LoseAll(LostRemoteException error)
    {
        foreach (var channel in _channels.Values)
        {
            channel.Lose(error);
        }
    }

    private void OnHeartbeatTick()
    {
        var now = Environment.TickCount64;
        foreach (var channel in _channels.Values)
        {
            try
            {
                channel.Tick(now);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Heartbeat failed on channel {Channel}", channel.Id);
            }
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Close(new ObjectDisposedException("socket", "The socket was closed."));
        }
        Socket.Dispose();
    }
}
