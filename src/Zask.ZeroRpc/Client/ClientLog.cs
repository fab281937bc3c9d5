using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Client;

/// <summary>The client's log lines, as source-generated methods.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "A middleware failed after the call to {Method}")]
    public static partial void AfterHookFailed(ILogger logger, Exception exception, string method);
}
