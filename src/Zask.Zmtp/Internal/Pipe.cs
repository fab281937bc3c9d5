namespace Zask.Zmtp.Internal;

/// <summary>
/// The message path to one peer. A connect-side pipe lives from Connect to Disconnect, across reconnects, and holds
/// the messages sent while no connection is up (up to the high-water mark); a bind-side pipe lives as long as its
/// connection. Once attached, sends go straight into the connection's write batch.
/// </summary>
internal sealed class Pipe
{
    private readonly object _lock = new();
    private readonly Queue<byte[][]> _backlog = new();
    private readonly int _highWatermark;
    private volatile Connection? _connection;

    public Pipe(bool isConnectSide, string endpoint, int highWatermark)
    {
        IsConnectSide = isConnectSide;
        Endpoint = endpoint;
        _highWatermark = highWatermark <= 0 ? int.MaxValue : highWatermark;
    }

    public bool IsConnectSide { get; }

    public string Endpoint { get; }

    public Connection? Connection => _connection;

    public bool IsAttached => _connection is not null;

    /// <summary>The peer's routing id (ROUTER only), set when the pipe attaches.</summary>
    public byte[]? RoutingId { get; set; }

    /// <summary>What the peer subscribed to (PUB only); lock it to read or change it.</summary>
    public SubscriptionSet PeerSubscriptions { get; } = new();

    /// <summary>Whether this SUB has sent its subscriptions on the current connection.</summary>
    public bool SubscriptionsSent { get; set; }

    /// <summary>True when nothing waits to be written.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _backlog.Count == 0 && (_connection?.IsIdle ?? true);
            }
        }
    }

    /// <summary>Queues a whole message; false when the pipe is at its high-water mark (or its connection is closing).</summary>
    public bool TrySend(ReadOnlySpan<ReadOnlyMemory<byte>> frames, bool deferWrite = false)
    {
        var connection = _connection;
        if (connection is null)
        {
            lock (_lock)
            {
                connection = _connection;
                if (connection is null)
                {
                    if (_backlog.Count >= _highWatermark)
                    {
                        return false;
                    }
                    var copy = new byte[frames.Length][];
                    for (var i = 0; i < frames.Length; i++)
                    {
                        copy[i] = frames[i].ToArray();
                    }
                    _backlog.Enqueue(copy);
                    return true;
                }
            }
        }
        return connection.TryEnqueueMessage(frames, _highWatermark, deferWrite);
    }

    /// <summary>Hands the backlog to a connection that finished its handshake, then routes sends to it.</summary>
    public void Attach(Connection connection)
    {
        lock (_lock)
        {
            // The backlog goes first and the connection is published after, so no send overtakes a queued one.
            while (_backlog.TryDequeue(out var message))
            {
                connection.EnqueueBacklog(message);
            }
            _connection = connection;
        }
    }

    /// <summary>Stops routing to a connection that closed.</summary>
    public void Detach(Connection connection)
    {
        lock (_lock)
        {
            if (_connection == connection)
            {
                _connection = null;
            }
        }
    }

    /// <summary>Drops the backlog (a pipe removed by Disconnect).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _backlog.Clear();
        }
    }
}
