using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// Reads a stream's replies one by one, recording the error that ends it (an iterator cannot catch around its
/// yields, and middlewares must see that error).
/// </summary>
internal sealed class ClientStreamReader<T>(ReplyDecoder decoder, ClientCallContext call, ClientChannel channel, Event first,
    CancellationToken cancellationToken)
{
    private Event? _next = first;
    private IEnumerator<T>? _okItems;

    public T Current { get; private set; } = default!;

    public Exception? Failure { get; private set; }

    public async ValueTask<bool> MoveNextAsync()
    {
        try
        {
            if (_okItems is not null)
            {
                return MoveOk();
            }
            var evt = _next ?? await channel.ReadAsync(cancellationToken).ConfigureAwait(false);
            _next = null;
            if (ReferenceEquals(evt.Name, EventNames.Ok))
            {
                // zerorpc-node answers an empty stream with OK [nil]; a list answer streams its elements.
                _okItems = decoder.ReadOkAsItems<T>(call, evt).GetEnumerator();
                return MoveOk();
            }
            if (ReferenceEquals(evt.Name, EventNames.StreamDone))
            {
                return false;
            }
            if (!ReferenceEquals(evt.Name, EventNames.Stream))
            {
                decoder.ReadReply<T>(call, evt);
            }
            Current = ReplyDecoder.Deserialize<T>(evt.Args, call.Method);
            call.StreamItems++;
            return true;
        }
        catch (Exception ex)
        {
            Failure = ex;
            throw;
        }
    }

    private bool MoveOk()
    {
        if (!_okItems!.MoveNext())
        {
            return false;
        }
        Current = _okItems.Current;
        call.StreamItems++;
        return true;
    }
}
