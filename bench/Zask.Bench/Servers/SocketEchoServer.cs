using System.Net;
using System.Net.Sockets;

namespace Zask.Bench.Servers;

/// <summary>
/// The .NET floor: a plain async <see cref="Socket"/> that writes back every byte it reads, one receive and one send
/// per read, with no framing, no decoding and no allocation per message. Nothing on .NET sockets answers a byte
/// stream with less work, so the transports are compared with it.
/// </summary>
internal sealed class SocketEchoServer : IBenchServer
{
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task? _accepting;

    public Task StartAsync(int port)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen(16);
        _accepting = AcceptAsync(_listener);
        return Task.CompletedTask;
    }

    private async Task AcceptAsync(Socket listener)
    {
        try
        {
            while (true)
            {
                var connection = await listener.AcceptAsync(_stop.Token);
                connection.NoDelay = true;
                _ = EchoAsync(connection);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task EchoAsync(Socket connection)
    {
        using var owned = connection;
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await connection.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                var sent = 0;
                while (sent < read)
                {
                    sent += await connection.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client left, or we are stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Dispose();
        if (_accepting is not null)
        {
            await _accepting;
        }
        _stop.Dispose();
    }
}
