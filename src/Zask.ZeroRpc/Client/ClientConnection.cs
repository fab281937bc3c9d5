using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// One endpoint of a client, with a DEALER socket of its own. A socket per endpoint keeps every event of a channel
/// on the same server (one DEALER connected to several servers would scatter heartbeats and credit across them),
/// and lets an endpoint that stops answering be taken out of rotation.
/// </summary>
internal sealed class ClientConnection : IDisposable
{
    private readonly TimeSpan _retryDelay;
    private readonly TimeSpan _timeout;
    private int _closing;
    private int _failures;
    private volatile bool _connected;
    private long _retryAtMs;
    private readonly ITimer _stallCheck;

    public ClientConnection(string endpoint, ZeroRpcClientOptions options, ILogger logger)
    {
        Endpoint = endpoint;
        Address = Diagnostics.EndpointAddress.Parse(endpoint);
        _retryDelay = options.EndpointRetryDelay;
        _timeout = options.Timeout;
        Multiplexer = new ChannelMultiplexer(
            receive => new ZmtpTransportSocket(SocketKind.Dealer, receive, logger, options.Security, options.TimeProvider),
            options.Heartbeat, options.Limits, onNewChannel: null, logger, DeadlineTick(options.Timeout), time: options.TimeProvider);
        Multiplexer.Socket.PeerDisconnected += OnDisconnected;
        Multiplexer.Socket.PeerConnected += OnConnected;
        Multiplexer.Socket.Connect(endpoint);
        // Rescues the callers queued behind one that blocks (see ReplyDispatcher). On the real clock, not the
        // client's: a fake clock that a test moves by hand must not leave them stuck.
        var tick = DeadlineTick(options.Timeout);
        _stallCheck = TimeProvider.System.CreateTimer(static state => ((ReplyDispatcher)state!).CheckStalled(), Replies, tick, tick);
    }

    public string Endpoint { get; }

    /// <summary>The endpoint's <c>server.address</c> and <c>server.port</c>, for the spans of the calls made on it.</summary>
    public Diagnostics.EndpointAddress Address { get; }

    /// <summary>
    /// How often first-reply deadlines are checked: a tenth of the default timeout, between 5 and 20 ms, so a
    /// timeout fires at most that much late.
    /// </summary>
    private static TimeSpan DeadlineTick(TimeSpan timeout) =>
        TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 10, 5, 20));

    public ChannelMultiplexer Multiplexer { get; }

    /// <summary>Resumes the callers of this endpoint's replies (see <see cref="ReplyDispatcher"/>).</summary>
    public ReplyDispatcher Replies { get; } = new();

    /// <summary><c>true</c> while a connection to the endpoint is established.</summary>
    public bool IsConnected => _connected;

    /// <summary>
    /// <c>true</c> when calls may go here: connected, and not out of rotation after a timeout or a lost peer.
    /// </summary>
    public bool IsAvailable => _connected
        && (Volatile.Read(ref _failures) == 0 || Multiplexer.NowMs >= Volatile.Read(ref _retryAtMs));

    private void OnConnected()
    {
        _connected = true;
        ReportSuccess();
    }

    private void OnDisconnected()
    {
        // The server holding these calls' state is gone (a new connection is a new peer to it): fail them now.
        _connected = false;
        if (Volatile.Read(ref _closing) != 0)
        {
            // Closed by this side: Dispose fails the calls as closed, whichever thread sees the connection end first.
            return;
        }
        Multiplexer.LoseAll(new LostRemoteException($"Lost remote: the connection to {Endpoint} closed"));
    }

    public void ReportSuccess() => Volatile.Write(ref _failures, 0);

    public void ReportFailure()
    {
        var failures = Interlocked.Increment(ref _failures);
        var delay = _retryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 5));
        Volatile.Write(ref _retryAtMs, Multiplexer.NowMs + (long)delay);
    }

    /// <summary>
    /// Closes the connection once its calls in flight have ended (answered, timed out or lost), or after the client's
    /// timeout at the latest, then calls <paramref name="closed"/>. The caller has taken it out of rotation already:
    /// a server that leaves a registry before it stops (a graceful stop) still answers the calls it holds.
    /// </summary>
    public void Retire(Action<ClientConnection> closed)
    {
        var until = Multiplexer.NowMs + (long)_timeout.TotalMilliseconds;
        var queued = 0;
        try
        {
            Multiplexer.Socket.AddTimer(DeadlineTick(_timeout), () =>
            {
                if ((Multiplexer.OpenChannels == 0 || Multiplexer.NowMs >= until) && Interlocked.Exchange(ref queued, 1) == 0)
                {
                    // Not on the timer itself: disposing stops the timer that runs this.
                    ThreadPool.UnsafeQueueUserWorkItem(_ =>
                    {
                        Dispose();
                        closed(this);
                    }, null);
                }
            });
        }
        catch (ObjectDisposedException)
        {
            // Closed already (the client is closing).
            closed(this);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }
        try
        {
            Multiplexer.Socket.Disconnect(Endpoint);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or ArgumentException)
        {
            // Already gone.
        }
        Multiplexer.Dispose();
        _stallCheck.Dispose();
        // The calls waiting were failed; those whose reply was already claimed get it, even behind a caller that blocks.
        Replies.Close();
    }
}
