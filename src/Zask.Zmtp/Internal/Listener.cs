using System.Net.Sockets;
using Zask.Zmtp.Transports;

namespace Zask.Zmtp.Internal;

/// <summary>A bound endpoint: accepts connections until stopped, then removes its ipc socket file.</summary>
internal sealed class Listener
{
    private readonly ZmtpSocket _owner;
    private readonly Socket? _socket;
    private readonly IDisposable? _inproc;
    private readonly string? _ipcPath;

    public Listener(ZmtpSocket owner, ZmtpEndpoint endpoint)
    {
        _owner = owner;
        if (endpoint.IsInproc)
        {
            // No listening socket: connecters hand over their pair's other end.
            Endpoint = endpoint.Text;
            _inproc = InprocRegistry.Bind(endpoint.Path, Serve);
            return;
        }
        _socket = endpoint.Listen(out var resolved);
        Endpoint = resolved;
        _ipcPath = endpoint.IsIpc && !endpoint.Path.StartsWith('@') ? endpoint.Path : null;
    }

    /// <summary>The endpoint actually bound.</summary>
    public string Endpoint { get; }

    public Task Start() => _socket is null ? Task.CompletedTask : AcceptAsync(_socket);

    public void Stop()
    {
        _inproc?.Dispose();
        _socket?.Dispose();
        if (_ipcPath is not null)
        {
            try
            {
                File.Delete(_ipcPath);
            }
            catch (IOException)
            {
                // Someone else's file by now, or already gone.
            }
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Out of descriptors and the like: say so, and keep accepting once the pressure eases.
                Log.AcceptFailed(_owner.Logger, Endpoint, ex.Message);
                await Task.Delay(10).ConfigureAwait(false);
                continue;
            }
            if (accepted.AddressFamily != AddressFamily.Unix)
            {
                accepted.NoDelay = true;
            }
            Serve(accepted);
        }
    }

    private void Serve(Socket accepted)
    {
        var connection = new Connection(_owner, accepted, Endpoint, null);
        _owner.Track(connection);
        _ = connection.RunAsync();
    }
}
