namespace Zask.Jobs;

/// <summary>Runs the method at the times of a cron expression (see <see cref="JobSchedule.Cron(string, TimeZoneInfo?)"/>).</summary>
/// <param name="expression">Five fields, or six with seconds first.</param>
public sealed class CronAttribute(string expression) : JobAttribute
{
    /// <summary>The cron expression.</summary>
    public string Expression { get; } = expression;

    /// <summary>The id of the time zone the expression is read in (for example <c>Europe/Paris</c>); UTC when null.</summary>
    public string? TimeZone { get; set; }

    /// <inheritdoc />
    public override JobSchedule Schedule => TimeZone is null ? JobSchedule.Cron(Expression) : JobSchedule.Cron(Expression, TimeZone);
}
