namespace Zask.Bench.Scenarios;

/// <summary>How long each scenario warms up and measures, and how many calls run concurrently.</summary>
internal sealed record BenchSettings(TimeSpan Warmup, TimeSpan Measure, int InFlight, int Clients)
{
    /// <summary>The low concurrency most services live at, measured for Zask and gRPC besides <see cref="InFlight"/>.</summary>
    public const int LowInFlight = 4;
}
