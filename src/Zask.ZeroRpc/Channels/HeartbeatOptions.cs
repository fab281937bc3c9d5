namespace Zask.ZeroRpc.Channels;

/// <summary>
/// How a channel proves its peer is alive: <c>_zpc_hb</c> events while a call is open (sent twice per
/// <see cref="Period"/>, so that a strict peer never sees a gap near its limit), and the peer declared lost when
/// nothing was heard for more than <see cref="MissedBeats"/> periods.
/// </summary>
public sealed record HeartbeatOptions
{
    /// <summary>zerorpc's defaults: a beat every 5 seconds, lost after 2 missed beats.</summary>
    public static HeartbeatOptions Default { get; } = new();

    /// <summary>No heartbeats are sent and no peer is ever declared lost (calls rely on their timeout).</summary>
    public static HeartbeatOptions Disabled { get; } = new() { Period = TimeSpan.Zero };

    /// <summary>
    /// The time between beats. Both ends should use the same period, because each judges the other by its own.
    /// <see cref="TimeSpan.Zero"/> disables heartbeats.
    /// </summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many periods may pass without hearing from the peer before it is declared lost (zerorpc: 2).</summary>
    public int MissedBeats { get; init; } = 2;

    /// <summary><c>true</c> when heartbeats are sent and checked.</summary>
    public bool Enabled => Period > TimeSpan.Zero;

    /// <summary>Creates options with the given period in seconds (0 disables).</summary>
    public static HeartbeatOptions FromSeconds(double seconds) =>
        seconds <= 0 ? Disabled : new HeartbeatOptions { Period = TimeSpan.FromSeconds(seconds) };
}
