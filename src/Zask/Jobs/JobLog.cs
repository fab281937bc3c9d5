using Microsoft.Extensions.Logging;

namespace Zask.Jobs;

/// <summary>The scheduler's log lines; every one names the job.</summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Job {Job} failed on its {Tick:O} run; it runs again at its next tick")]
    public static partial void Failed(ILogger logger, string job, DateTimeOffset tick, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Job {Job} was cancelled on its {Tick:O} run: the app stopped and the shutdown grace period ran out")]
    public static partial void CancelledAtStop(ILogger logger, string job, DateTimeOffset tick);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Job {Job} ran for {Tick:O}")]
    public static partial void Ran(ILogger logger, string job, DateTimeOffset tick);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Job {Job} skipped {Tick:O}: another instance of the fleet claimed it")]
    public static partial void ClaimedElsewhere(ILogger logger, string job, DateTimeOffset tick);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Job {Job} skipped {Tick:O}: its fleet lock could not be taken")]
    public static partial void ClaimFailed(ILogger logger, string job, DateTimeOffset tick, Exception exception);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Job {Job} skipped {Missed} tick(s) while its previous run lasted")]
    public static partial void Skipped(ILogger logger, string job, int missed);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Job {Job} could not release its fleet lock for {Tick:O}")]
    public static partial void ReleaseFailed(ILogger logger, string job, DateTimeOffset tick, Exception exception);
}
