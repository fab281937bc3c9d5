namespace Zask.Jobs;

/// <summary>Runs the method every so many seconds (see <see cref="JobSchedule.Every"/>).</summary>
/// <param name="seconds">The interval in seconds.</param>
public sealed class EveryAttribute(double seconds) : JobAttribute
{
    /// <summary>The interval in seconds.</summary>
    public double Seconds { get; } = seconds;

    /// <inheritdoc />
    public override JobSchedule Schedule => JobSchedule.Every(TimeSpan.FromSeconds(Seconds));
}
