using Microsoft.Extensions.Logging;

namespace Zask.Zmtp.Internal;

/// <summary>The transport's log lines, one per connection event worth a look.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "ZMTP handshake with {Remote} on {Endpoint} failed, connection closed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string remote, string endpoint, string reason);

    [LoggerMessage(2, LogLevel.Information, "ZMTP connection with {Remote} on {Endpoint} closed: {Reason}")]
    public static partial void Disconnected(ILogger logger, string remote, string endpoint, string reason);

    [LoggerMessage(3, LogLevel.Debug, "ZMTP connection with {Remote} on {Endpoint} ready (peer {SocketType}, ZMTP 3.{Minor})")]
    public static partial void Connected(ILogger logger, string remote, string endpoint, string socketType, int minor);

    [LoggerMessage(4, LogLevel.Debug, "ZMTP connect to {Endpoint} failed ({Reason}); retrying in {Delay}")]
    public static partial void ConnectRetried(ILogger logger, string endpoint, string reason, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Warning, "ZMTP receive handler threw; the message is dropped and the connection keeps serving")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "ZMTP accept on {Endpoint} failed: {Reason}")]
    public static partial void AcceptFailed(ILogger logger, string endpoint, string reason);
}
