using System.Net.Sockets;
using Zask.Zmtp.Transports;

namespace Zask.Zmtp.Internal;

/// <summary>
/// Keeps one connected endpoint connected: connect, run the connection, and after a failure or a disconnect try
/// again after the reconnect interval, doubling it after each failed attempt up to the maximum.
/// </summary>
internal sealed class Connector
{
    private readonly ZmtpSocket _owner;
    private readonly ZmtpEndpoint _endpoint;
    private readonly CancellationTokenSource _stop;
    private volatile Connection? _current;

    public Connector(ZmtpSocket owner, ZmtpEndpoint endpoint, Pipe pipe, CancellationToken closing)
    {
        _owner = owner;
        _endpoint = endpoint;
        Pipe = pipe;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(closing);
    }

    public Pipe Pipe { get; }

    public Task Start() => RunAsync();

    /// <summary>Stops reconnecting and closes the current connection (gracefully: see <see cref="Connection.Abort"/>).</summary>
    public void Stop(string reason, bool graceful = false)
    {
        _stop.Cancel();
        _current?.Abort(reason, graceful);
    }

    private async Task RunAsync()
    {
        var options = _owner.Options;
        var delay = options.ReconnectInterval;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _endpoint.ConnectAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or IOException or ArgumentException)
            {
                _owner.RaiseRetry(_endpoint.Text, ex.Message, delay);
                if (!await WaitAsync(delay, token).ConfigureAwait(false))
                {
                    return;
                }
                delay = Next(delay, options);
                continue;
            }
            var connection = new Connection(_owner, socket, _endpoint.Text, Pipe);
            _current = connection;
            _owner.Track(connection);
            if (token.IsCancellationRequested)
            {
                connection.Abort("disconnected");
            }
            var completedHandshake = await connection.RunAsync().ConfigureAwait(false);
            _current = null;
            // A connection that worked restarts the backoff; one refused in its handshake keeps growing it.
            delay = completedHandshake ? options.ReconnectInterval : Next(delay, options);
            if (!await WaitAsync(delay, token).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private static TimeSpan Next(TimeSpan delay, ZmtpSocketOptions options) =>
        options.ReconnectIntervalMax > delay ? TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.ReconnectIntervalMax.Ticks)) : delay;

    private static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
