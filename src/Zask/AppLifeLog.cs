using Microsoft.Extensions.Logging;

namespace Zask;

/// <summary>The app's life-cycle log lines: hooks, and hosted services that outlive the grace period.</summary>
internal static partial class AppLifeLog
{
    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Hosted services did not stop within the {GracePeriod} grace period; abandoning them.")]
    public static partial void HostedServicesAbandoned(ILogger logger, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "{Phase} hook failed: {Reason}")]
    public static partial void HookFailed(ILogger logger, Exception exception, string phase, string reason);
}
