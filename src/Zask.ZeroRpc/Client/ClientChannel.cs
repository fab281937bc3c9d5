using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Wire;
using ChannelQueue = System.Threading.Channels.Channel;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// The client end of one call's channel: queues the replies and, while a stream is read, grants the server
/// credit the way zerorpc-python's buffered channel does (100 slots, topped up when fewer than 50 remain).
/// </summary>
internal sealed class ClientChannel : Channel, ISendFailureObserver
{
    private const int BufferSize = 100;
    private const int RefillBelow = 50;

    private readonly System.Threading.Channels.Channel<Event> _inbox =
        ChannelQueue.CreateUnbounded<Event>(new() { SingleReader = true, SingleWriter = true });
    private int _reserved = 1;
    private bool _readOnce;

    public ClientChannel(ChannelMultiplexer multiplexer, MessageId id) : base(multiplexer, id, null)
    {
    }

    /// <summary>Reads the next reply event, first granting credit when the reserve runs low.</summary>
    public ValueTask<Event> ReadAsync(CancellationToken cancellationToken)
    {
        if (_readOnce && _reserved < RefillBelow)
        {
            SendCredit(BufferSize - _reserved);
            _reserved = BufferSize;
        }
        _readOnce = true;
        _reserved--;
        return _inbox.Reader.ReadAsync(cancellationToken);
    }

    protected override void OnRpcEvent(Event evt) => _inbox.Writer.TryWrite(evt);

    protected override void OnLost(LostRemoteException error) => _inbox.Writer.TryComplete(error);

    /// <summary>The request could not be queued to any peer: the endpoint is not connected.</summary>
    public void OnSendFailed()
    {
        var error = new EndpointUnavailableException("no connection to the endpoint");
        if (Close(error))
        {
            _inbox.Writer.TryComplete(error);
        }
    }
}
