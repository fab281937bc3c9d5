using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// The server end of one call's channel. Only heartbeats and credit grants are expected after the request; when
/// the caller is lost the call's cancellation token fires and nothing more is sent.
/// </summary>
internal sealed class ServerChannel : Channel, ICallCancellation
{
    private readonly ILogger _logger;
    private readonly ZeroRpcServer _server;
    private readonly ServedMethod? _served;
    private readonly CancellationToken _stopping;
    private CancellationTokenSource? _cancellation;
    // Kept apart from the source: reading a disposed source's token throws, and a call's context outlives the call.
    private CancellationToken _token;
    private bool _callEnded;

    /// <param name="multiplexer">The socket's multiplexer.</param>
    /// <param name="request">The request that opens the channel.</param>
    /// <param name="envelope">Where replies go.</param>
    /// <param name="server">The server; its hard stop cancels the call's token.</param>
    /// <param name="served">The method called, or <c>null</c> when the server has none by that name.</param>
    /// <param name="logger">Where a lost caller is reported.</param>
    public ServerChannel(ChannelMultiplexer multiplexer, Event request, byte[][]? envelope, ZeroRpcServer server, ServedMethod? served,
        ILogger logger)
        : base(multiplexer, request.Header.MessageId, envelope)
    {
        Request = request;
        _server = server;
        _served = served;
        _stopping = server.CallCancellation;
        _logger = logger;
    }

    public Event Request { get; }

    /// <summary>
    /// The call's token, linked to the server's stop and cancelled when the caller is lost; made on first use. Once
    /// the call has ended, a token that only says whether it was cancelled (nothing left to dispose of).
    /// </summary>
    public CancellationToken Token
    {
        get
        {
            lock (Gate)
            {
                if (_cancellation is null)
                {
                    if (_callEnded)
                    {
                        return new CancellationToken(IsCancelled);
                    }
                    _cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
                    _token = _cancellation.Token;
                    if (IsClosed)
                    {
                        // The caller was lost before anyone asked for the token. No callback is registered yet, so
                        // cancelling under the lock runs no foreign code.
                        _cancellation.Cancel();
                    }
                }
                return _token;
            }
        }
    }

    /// <summary>
    /// Cancelled, or would be if the token had been made: the caller was lost (the channel closed before the call
    /// ended) or the server stopped for good.
    /// </summary>
    public bool IsCancelled
    {
        get
        {
            lock (Gate)
            {
                return _cancellation?.IsCancellationRequested ?? ((IsClosed && !_callEnded) || _stopping.IsCancellationRequested);
            }
        }
    }

    /// <summary>The call is over: its token, if made, is disposed, and none is made any more.</summary>
    public void EndCancellation()
    {
        CancellationTokenSource? cancellation;
        lock (Gate)
        {
            if (_callEnded)
            {
                return;
            }
            // The source stays referenced: a token handed out earlier still says whether it fired.
            cancellation = _cancellation;
            _callEnded = true;
        }
        cancellation?.Dispose();
    }

    protected override void OnRpcEvent(Event evt) =>
        ServerLog.IgnoredOnChannel(_logger, evt);

    /// <inheritdoc />
    protected override bool IsServerSide => true;

    /// <inheritdoc />
    /// <remarks>Looked up only when a loss is counted: a channel lost mid-call knows the method it serves.</remarks>
    protected override Diagnostics.MethodTelemetry? LostRemoteMethod => CallTelemetry.MethodOf(_server, _served, Request);

    /// <inheritdoc />
    protected override void OnLost(LostRemoteException error)
    {
        ServerLog.LostCaller(_logger, Request.Name, error.Message);
        CancellationTokenSource? cancellation;
        lock (Gate)
        {
            cancellation = _cancellation;
        }
        try
        {
            // Outside the lock: cancelling runs whatever the call registered on its token.
            cancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call finished meanwhile.
        }
    }
}
