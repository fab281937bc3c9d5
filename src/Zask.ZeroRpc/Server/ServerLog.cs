using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// The server's own log lines (not a call's outcome, see <see cref="CallLog"/>), as source-generated methods: a
/// disabled level costs one check and no boxing or argument array.
/// </summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "{Service} bound to {Endpoint}")]
    public static partial void Bound(ILogger logger, string service, string endpoint);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "{Service}: {Count} calls still running after the grace period; cancelling them")]
    public static partial void GraceExpired(ILogger logger, string service, int count);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Ignored a request that reuses the id of a call in flight: {Event}")]
    public static partial void ReusedId(ILogger logger, Event @event);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Ignored {Event} on a server channel: only heartbeats and credit are expected after the request")]
    public static partial void IgnoredOnChannel(ILogger logger, Event @event);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Lost the caller of {Method}: {Reason}; cancelling the call")]
    public static partial void LostCaller(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "{Method} held the I/O thread for {Milliseconds:0.#} ms, delaying the server's other calls; its calls run on the thread pool again (pin it there with [ZeroRpcDispatch(CallDispatch.ThreadPool)])")]
    public static partial void HeldTooLong(ILogger logger, string method, double milliseconds);
}
