using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// The server's per-call log lines, as source-generated methods: a disabled level costs one check and no boxing or
/// argument array, which matters on paths every failing call takes.
/// </summary>
internal static partial class CallLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Method} refused: {Name}: {Message}")]
    public static partial void Refused(ILogger logger, string method, string name, string message);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "{Method} failed: {Name}: {Message}")]
    public static partial void Failed(ILogger logger, Exception exception, string method, string name, string message);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "{Method} ended after its channel closed")]
    public static partial void EndedAfterClose(ILogger logger, Exception exception, string method);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Disposing the services of a call to {Method} failed")]
    public static partial void ScopeDisposeFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "A middleware failed while inspecting the error of {Method}")]
    public static partial void ErrorHookFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Could not send the error of {Method}: the channel closed")]
    public static partial void ErrorNotSent(ILogger logger, Exception exception, string method);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "A middleware failed at the end of {Method}")]
    public static partial void EndHookFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Could not send the error of {Method}")]
    public static partial void ErrorSendFailed(ILogger logger, Exception exception, string method);
}
