using Microsoft.Extensions.Logging;

namespace Zask.Events;

/// <summary>The event bus's log lines.</summary>
internal static partial class EventLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "Handler {Handler} of event '{EventName}' failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string handler, string eventName);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Forwarding event '{EventName}' failed")]
    public static partial void ForwardFailed(ILogger logger, Exception exception, string eventName);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "The event bus stopped with {Pending} events not yet handled")]
    public static partial void Abandoned(ILogger logger, int pending);
}
