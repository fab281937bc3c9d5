using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Extension;

/// <summary>The call hooks' log lines.</summary>
internal static partial class CallHookLog
{
    [LoggerMessage(EventId = 1520, Level = LogLevel.Error, Message = "A {Kind} hook of {Method} failed")]
    public static partial void HookFailed(ILogger logger, Exception exception, string kind, string method);
}
