using System.Globalization;

namespace Zask.Reliability.Tests.Support;

/// <summary>
/// Run sizes, read from environment variables so that CI stays short while a local run can go much longer
/// (for example <c>ZASK_RELIABILITY_CALLS=1000000</c>).
/// </summary>
public static class ReliabilitySettings
{
    /// <summary>Concurrent clients in the load tests.</summary>
    public static int Clients => Read("ZASK_RELIABILITY_CLIENTS", 64);

    /// <summary>Total calls in each load test, spread evenly over the clients.</summary>
    public static int TotalCalls => Read("ZASK_RELIABILITY_CALLS", 64_000);

    /// <summary>Malformed messages sent by the fuzz test.</summary>
    public static int FuzzMessages => Read("ZASK_RELIABILITY_FUZZ", 100_000);

    /// <summary>Client processes killed by the client-kill test (in rounds of <see cref="KillBatch"/>).</summary>
    public static int ClientKills => Read("ZASK_RELIABILITY_CLIENT_KILLS", 12);

    /// <summary>Client processes started and killed together in one round.</summary>
    public static int KillBatch => Read("ZASK_RELIABILITY_KILL_BATCH", 6);

    /// <summary>Kill-and-restart cycles of the server-restart test.</summary>
    public static int RestartCycles => Read("ZASK_RELIABILITY_RESTARTS", 3);

    /// <summary>Seed of the fuzz generator; a failure is replayed by setting the same seed.</summary>
    public static int Seed => Read("ZASK_RELIABILITY_SEED", 20240601);

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
