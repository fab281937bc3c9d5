using Cronos;

namespace Zask.Jobs;

/// <summary>
/// When a job runs: every fixed interval (<see cref="Every"/>) or at the times a cron expression names
/// (<see cref="Cron(string, TimeZoneInfo?)"/>). A schedule only computes ticks; the scheduler runs the job at them.
/// </summary>
public abstract class JobSchedule
{
    private protected JobSchedule()
    {
    }

    /// <summary>
    /// Every <paramref name="interval"/>, at the multiples of it counted from the Unix epoch (UTC): every minute runs
    /// at the start of each minute, every hour at the top of each hour. Aligned ticks are the same instants on every
    /// instance of a fleet, which is what lets a once-per-fleet job name a tick.
    /// </summary>
    /// <param name="interval">At least one millisecond.</param>
    /// <exception cref="ArgumentOutOfRangeException">The interval is shorter than a millisecond.</exception>
    public static JobSchedule Every(TimeSpan interval) => new IntervalSchedule(interval);

    /// <summary>
    /// At the times of a cron expression: five fields (minute hour day-of-month month day-of-week) or six with
    /// seconds first, in <paramref name="timeZone"/> (UTC when null), daylight-saving changes included.
    /// </summary>
    /// <param name="expression">The cron expression, for example <c>0 3 * * *</c> (03:00 every day).</param>
    /// <param name="timeZone">The zone the expression's times are read in; UTC when null.</param>
    /// <exception cref="ArgumentException">The expression is not valid cron.</exception>
    public static JobSchedule Cron(string expression, TimeZoneInfo? timeZone = null) => new CronSchedule(expression, timeZone ?? TimeZoneInfo.Utc);

    /// <summary>
    /// At the times of a cron expression in the time zone with the id <paramref name="timeZoneId"/> (IANA, like
    /// <c>Europe/Paris</c>, or Windows).
    /// </summary>
    /// <exception cref="ArgumentException">The expression is not valid cron, or no time zone has that id.</exception>
    public static JobSchedule Cron(string expression, string timeZoneId)
    {
        ArgumentException.ThrowIfNullOrEmpty(timeZoneId);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone))
        {
            throw new ArgumentException($"no time zone has the id '{timeZoneId}' (use an IANA id such as Europe/Paris)", nameof(timeZoneId));
        }
        return Cron(expression, zone);
    }

    /// <summary>The first tick strictly after <paramref name="after"/>, or null when there is none.</summary>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset after);

    private sealed class IntervalSchedule : JobSchedule
    {
        private readonly TimeSpan _interval;

        public IntervalSchedule(TimeSpan interval)
        {
            if (interval < TimeSpan.FromMilliseconds(1))
            {
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "a job's interval is at least one millisecond");
            }
            _interval = interval;
        }

        public override DateTimeOffset? NextAfter(DateTimeOffset after)
        {
            var ticks = after.UtcTicks - DateTime.UnixEpoch.Ticks;
            var next = (Math.Floor((double)ticks / _interval.Ticks) + 1) * _interval.Ticks;
            var result = new DateTimeOffset(DateTime.UnixEpoch.Ticks + (long)next, TimeSpan.Zero);
            // Rounding of very long intervals must never give a tick at or before the start.
            return result > after ? result : result + _interval;
        }

        public override string ToString() => $"every {_interval}";
    }

    private sealed class CronSchedule : JobSchedule
    {
        private readonly CronExpression _expression;
        private readonly TimeZoneInfo _zone;
        private readonly string _text;

        public CronSchedule(string expression, TimeZoneInfo zone)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(expression);
            var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            try
            {
                _expression = CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                throw new ArgumentException($"'{expression}' is not a cron expression (five fields, or six with seconds first): {ex.Message}", nameof(expression), ex);
            }
            _zone = zone;
            _text = expression;
        }

        public override DateTimeOffset? NextAfter(DateTimeOffset after) => _expression.GetNextOccurrence(after, _zone);

        public override string ToString() => $"cron '{_text}' ({_zone.Id})";
    }
}
