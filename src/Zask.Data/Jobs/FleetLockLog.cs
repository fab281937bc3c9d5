using Microsoft.Extensions.Logging;

namespace Zask.Data.Jobs;

/// <summary>The fleet lock's log lines, numbered after the scheduler's job lines (4001-4007).</summary>
internal static partial class FleetLockLog
{
    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning,
        Message = "Job {Job} lost its fleet lock: its lease ran out before this instance renewed it, so another instance may run the job while this run goes on")]
    public static partial void LeaseLost(ILogger logger, string job);
}
