using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Channels;

/// <summary>The channel layer's log lines, as source-generated methods (some run for every stray event).</summary>
internal static partial class ChannelLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Unable to route event {Event}: no open channel")]
    public static partial void Unroutable(ILogger logger, Event @event);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "Dropped event {Event}: it opens no channel here")]
    public static partial void NotAnOpening(ILogger logger, Event @event);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Heartbeat failed on channel {Channel}")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, MessageId channel);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Rejected a malformed message of {Size} bytes: {Reason} ({Count} rejected since the last report)")]
    public static partial void RejectedReport(ILogger logger, int size, string reason, long count);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Debug, Message = "Rejected a malformed message of {Size} bytes: {Reason}")]
    public static partial void Rejected(ILogger logger, int size, string reason);
}
