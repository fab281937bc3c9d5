using Microsoft.Extensions.Logging;

namespace Zask;

/// <summary>The app-life hooks' log lines.</summary>
internal static partial class AppLifeLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "{Phase} hook failed: {Reason}")]
    public static partial void HookFailed(ILogger logger, Exception exception, string phase, string reason);
}
