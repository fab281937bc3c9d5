using Zask.Zmtp;
using Zask.Zmtp.Security;

namespace Zask.Bench.Servers;

/// <summary>
/// Our transport alone: a Zask.Zmtp ROUTER that sends every message (identity, delimiter, body) straight back from
/// its receive handler, on the connection's read completion; encrypted when <paramref name="curve"/> is given.
/// </summary>
internal sealed class ZmtpEchoServer(CurveSecurity? curve) : IBenchServer
{
    private ZmtpSocket? _router;

    public Task StartAsync(int port)
    {
        var router = _router = new ZmtpSocket(ZmtpSocketType.Router, new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            SendHighWatermark = 100_000,
            ReceiveHighWatermark = 100_000,
            Curve = curve,
        });
        router.ReceiveHandler = message => router.Send(message);
        router.Bind($"tcp://127.0.0.1:{port}");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _router?.Dispose();
        return ValueTask.CompletedTask;
    }
}
