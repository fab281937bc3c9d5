using Microsoft.Extensions.Logging;
using Zask.Zmtp.Security;

namespace Zask.Zmtp;

/// <summary>
/// Settings of a <see cref="ZmtpSocket"/>, libzmq's defaults unless said otherwise. Read when the socket binds or
/// connects: change them before that.
/// </summary>
public sealed class ZmtpSocketOptions
{
    private byte[]? _identity;

    /// <summary>
    /// The routing identity announced to peers (libzmq's <c>ZMQ_ROUTING_ID</c>): 1 to 255 bytes, not starting with 0.
    /// A ROUTER peer routes to this socket by it. <c>null</c> (default) lets the ROUTER generate one.
    /// </summary>
    public byte[]? Identity
    {
        get => _identity;
        set
        {
            if (value is not null && (value.Length is 0 or > 255 || value[0] == 0))
            {
                throw new ArgumentException("an identity is 1 to 255 bytes and must not start with a zero byte (those are kept for generated ids)", nameof(value));
            }
            _identity = value;
        }
    }

    /// <summary>How many messages may wait to be written, per peer, before the peer counts as full (default 1000).</summary>
    public int SendHighWatermark { get; set; } = 1000;

    /// <summary>How many received messages may wait for <see cref="ZmtpSocket.ReceiveAsync"/> before reading pauses (default 1000).</summary>
    public int ReceiveHighWatermark { get; set; } = 1000;

    /// <summary>The first wait before reconnecting (default 100 ms).</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between reconnect attempts: each failed attempt doubles the wait up to this (default 5 s).</summary>
    public TimeSpan ReconnectIntervalMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a new connection may take to finish greeting and security handshake (default 30 s).</summary>
    public TimeSpan HandshakeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long disposing waits for queued messages to be written (default infinite, as libzmq; <see cref="TimeSpan.Zero"/>
    /// drops them at once).
    /// </summary>
    public TimeSpan Linger { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long a blocking send waits while every peer is full or absent (DEALER, PUSH; default infinite).</summary>
    public TimeSpan SendTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>The largest frame accepted from a peer, in bytes; a larger one closes that connection (default -1: up to 2 GiB).</summary>
    public long MaxMessageSize { get; set; } = -1;

    /// <summary>CurveZMQ settings; <c>null</c> (default) uses the NULL mechanism: no authentication, no encryption.</summary>
    public CurveSecurity? Curve { get; set; }

    /// <summary>
    /// Whether a CURVE connection to another Zask.Zmtp peer may coalesce frames (default <c>true</c>): when both ends
    /// announce it during the handshake, all the frames one write sends travel in one encrypted MESSAGE instead of
    /// one MESSAGE per frame. Peers that do not announce it (libzmq, pyzmq, NetMQ) always get one MESSAGE per frame.
    /// </summary>
    public bool CurveBatching { get; set; } = true;

    /// <summary>Builds each connection's mechanism instead of NULL or CURVE (tests drive the engine with their own).</summary>
    internal Func<IReadOnlyDictionary<string, byte[]>, Zask.Zmtp.Mechanisms.Mechanism>? MechanismFactory { get; set; }

    /// <summary>Where connection failures and refused handshakes are logged; <c>null</c> logs nothing.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The size of the buffer each connection reads into (default 8 KiB, libzmq's batch size).</summary>
    public int ReadBufferSize { get; set; } = 8192;
}
