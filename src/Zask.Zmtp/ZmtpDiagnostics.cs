namespace Zask.Zmtp;

/// <summary>
/// The name of the <see cref="System.Diagnostics.Metrics.Meter"/> through which the transport reports its
/// connections and traffic, for a metrics pipeline to subscribe to. Nothing is measured while nobody listens.
/// </summary>
/// <remarks>
/// Instruments: <c>zask.zmtp.connections</c> (connections open now, handshake done),
/// <c>zask.zmtp.handshake.failures</c> (connections that closed before their handshake completed, by
/// <c>error.type</c>: <c>protocol</c>, <c>security</c>, <c>timeout</c> or <c>io</c>) and <c>zask.zmtp.io</c> (bytes
/// read and written, by <c>network.io.direction</c>: <c>receive</c> or <c>transmit</c>).
/// </remarks>
public static class ZmtpDiagnostics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Zask.Zmtp";
}
