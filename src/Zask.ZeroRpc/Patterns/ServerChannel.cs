using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Patterns;

/// <summary>
/// The server end of one call's channel. Only heartbeats and credit grants are expected after the request; when
/// the caller is lost the call's cancellation token fires and nothing more is sent.
/// </summary>
internal sealed class ServerChannel : Channel
{
    private readonly ILogger _logger;
    private CancellationTokenSource? _cancellation;

    public ServerChannel(ChannelMultiplexer multiplexer, Event request, byte[][]? envelope, ILogger logger)
        : base(multiplexer, request.Header.MessageId, envelope)
    {
        Request = request;
        _logger = logger;
    }

    public Event Request { get; }

    /// <summary>A token that is cancelled when the caller is lost or when <paramref name="stopping"/> fires.</summary>
    public CancellationToken CreateCancellation(CancellationToken stopping)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (IsClosed)
        {
            _cancellation.Cancel();
        }
        return _cancellation.Token;
    }

    public void DisposeCancellation() => _cancellation?.Dispose();

    protected override void OnRpcEvent(Event evt) =>
        _logger.LogDebug("Ignored {Event} on a server channel: only heartbeats and credit are expected after the request", evt);

    protected override void OnLost(LostRemoteException error)
    {
        _logger.LogWarning("Lost the caller of {Method}: {Reason}; cancelling the call", Request.Name, error.Message);
        try
        {
            _cancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call finished meanwhile.
        }
    }
}
