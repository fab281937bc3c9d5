namespace Zask.Zmtp;

/// <summary>What happened to a connection.</summary>
public enum ZmtpConnectionEventKind
{
    /// <summary>The handshake completed: messages flow.</summary>
    Connected,

    /// <summary>The greeting or security handshake failed (see the reason); the connection is closed.</summary>
    HandshakeFailed,

    /// <summary>A connection that had completed its handshake closed (see the reason).</summary>
    Disconnected,

    /// <summary>A connect attempt failed; the socket retries after its reconnect interval.</summary>
    ConnectRetried,
}
