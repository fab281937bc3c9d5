using System.Diagnostics.Metrics;

namespace Zask.Zmtp.Internal;

/// <summary>The transport's instruments (see <see cref="ZmtpDiagnostics"/>); each use is one check when off.</summary>
internal static class ZmtpMetrics
{
    private static readonly Meter Meter = new(ZmtpDiagnostics.MeterName,
        typeof(ZmtpMetrics).Assembly.GetName().Version?.ToString());

    private static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>(
        "zask.zmtp.connections", "{connection}", "ZMTP connections open, handshake done.");

    private static readonly Counter<long> HandshakeFailures = Meter.CreateCounter<long>(
        "zask.zmtp.handshake.failures", "{connection}", "Connections closed before their handshake completed.");

    private static readonly KeyValuePair<string, object?> Receive = new("network.io.direction", "receive");
    private static readonly KeyValuePair<string, object?> Transmit = new("network.io.direction", "transmit");

    // Totals the instrument reads when a reader collects: an add per message would cost the SDK an attribute
    // lookup each time, on every frame of every call. Counted only while something listens.
    private static long _received;
    private static long _sent;

    private static readonly ObservableCounter<long> Bytes = Meter.CreateObservableCounter(
        "zask.zmtp.io", static () => new Measurement<long>[]
        {
            new(Interlocked.Read(ref _received), Receive),
            new(Interlocked.Read(ref _sent), Transmit),
        }, "By", "Bytes read from and written to ZMTP connections.");

    /// <summary>Whether <see cref="Opened"/> counted (so that the close of a connection counted before no listener was
    /// there never makes the count negative).</summary>
    public static bool Opened()
    {
        if (!Connections.Enabled)
        {
            return false;
        }
        Connections.Add(1);
        return true;
    }

    public static void Closed() => Connections.Add(-1);

    public static void HandshakeFailed(string kind)
    {
        if (HandshakeFailures.Enabled)
        {
            HandshakeFailures.Add(1, new KeyValuePair<string, object?>("error.type", kind));
        }
    }

    public static void Received(int bytes)
    {
        if (Bytes.Enabled)
        {
            Interlocked.Add(ref _received, bytes);
        }
    }

    public static void Sent(int bytes)
    {
        if (Bytes.Enabled)
        {
            Interlocked.Add(ref _sent, bytes);
        }
    }
}
