namespace Zask.Zmtp;

/// <summary>
/// A connection event of a <see cref="ZmtpSocket"/>, raised on the thread that observed it (a connection's read
/// completion): keep handlers short.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Endpoint">The socket's endpoint the connection belongs to: the one connected to, or the one bound.</param>
/// <param name="RemoteAddress">The peer's address, when known.</param>
/// <param name="Reason">Why it failed or closed; <c>null</c> for <see cref="ZmtpConnectionEventKind.Connected"/>.</param>
public sealed record ZmtpConnectionEvent(ZmtpConnectionEventKind Kind, string Endpoint, string? RemoteAddress, string? Reason);
