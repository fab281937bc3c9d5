using System.Net;
using System.Net.Sockets;

namespace Zask.ZeroRpc.Hosting.Tests.Support;

/// <summary>
/// A plain TCP relay on loopback that records every byte it forwards, standing in for a wire capture: what it
/// records is exactly what an observer on the network between client and server would see.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _captured = new();
    private readonly MemoryStream _toServer = new();
    private readonly Task _accepting;

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public byte[] Captured
    {
        get
        {
            lock (_captured)
            {
                return _captured.ToArray();
            }
        }
    }

    /// <summary>Only what the clients sent, in order: one connection's byte stream when one client connected.</summary>
    public byte[] CapturedToServer
    {
        get
        {
            lock (_captured)
            {
                return _toServer.ToArray();
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                _ = PumpAsync(client.GetStream(), server.GetStream(), toServer: true);
                _ = PumpAsync(server.GetStream(), client.GetStream(), toServer: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool toServer)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                lock (_captured)
                {
                    _captured.Write(buffer, 0, read);
                    if (toServer)
                    {
                        _toServer.Write(buffer, 0, read);
                    }
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // A side closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (SocketException)
        {
            // The listener was stopped.
        }
        _stop.Dispose();
    }
}
