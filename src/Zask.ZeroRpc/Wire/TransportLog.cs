using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Wire;

/// <summary>The transport socket's log lines, as source-generated methods.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Dropped an outgoing message: the {Kind} socket's send queue is full or has no peer")]
    public static partial void DroppedOutgoing(ILogger logger, SocketKind kind);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "A timer on the {Kind} socket failed")]
    public static partial void TimerFailed(ILogger logger, Exception exception, SocketKind kind);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Unhandled error while handling an incoming message")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception);
}
