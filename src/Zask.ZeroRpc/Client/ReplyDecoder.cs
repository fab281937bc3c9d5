using System.Buffers;
using MessagePack;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// Turns reply events into results: <c>OK</c> values read as the caller's type, <c>ERR</c> events into the
/// exceptions the client's middlewares choose, streamed items gathered into one array for a plain call.
/// </summary>
internal sealed class ReplyDecoder(ZeroRpcContext context)
{
    /// <summary>The value of an <c>OK</c> reply, or the exception an <c>ERR</c> reply stands for.</summary>
    public T ReadReply<T>(ClientCallContext call, Event reply)
    {
        switch (reply.Name)
        {
            case EventNames.Ok:
                return ReadOk<T>(reply, call.Method);
            case EventNames.Error:
                throw context.ClientHandleRemoteError(call, ReadError(reply));
            default:
                throw new ProtocolViolationException($"Unable to find a pattern for the reply '{reply.Name}' to {call.Method}");
        }
    }

    /// <summary>An <c>OK</c> answer to a stream call: its list's elements, its single value, or nothing for nil.</summary>
    public IEnumerable<T> ReadOkAsItems<T>(ClientCallContext call, Event reply)
    {
        var value = ReadReply<object?>(call, reply);
        if (value is null)
        {
            return [];
        }
        var reader = new MessagePackReader(reply.Args);
        reader.ReadArrayHeader();
        if (reader.NextMessagePackType == MessagePackType.Array)
        {
            return Deserialize<T[]>(ref reader, call.Method);
        }
        return [Deserialize<T>(ref reader, call.Method)];
    }

    /// <summary>A streamed answer to a plain call: the items read to the end, as one array value.</summary>
    public async Task<T> CollectStreamAsync<T>(ClientCallContext call, ClientChannel channel, Event first, CancellationToken cancellationToken)
    {
        var items = new List<ReadOnlyMemory<byte>>();
        for (var evt = first; !ReferenceEquals(evt.Name, EventNames.StreamDone); evt = await channel.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!ReferenceEquals(evt.Name, EventNames.Stream))
            {
                ReadReply<T>(call, evt);
            }
            items.Add(evt.Args);
        }
        call.IsStream = true;
        call.StreamItems = items.Count;
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(items.Count);
        foreach (var item in items)
        {
            writer.WriteRaw(item.Span);
        }
        writer.Flush();
        return Deserialize<T>(buffer.WrittenMemory, call.Method);
    }

    /// <summary>The error an <c>ERR</c> event carries (v1 peers send only a message).</summary>
    public static RemoteException ReadError(Event reply)
    {
        try
        {
            var reader = new MessagePackReader(reply.Args);
            if (reader.NextMessagePackType == MessagePackType.Array)
            {
                var count = reader.ReadArrayHeader();
                var parts = new string?[3];
                for (var i = 0; i < count; i++)
                {
                    var part = MessagePackSerializer.Deserialize<object?>(ref reader, ZeroRpcSerializer.Options);
                    if (i < 3)
                    {
                        parts[i] = part?.ToString();
                    }
                }
                // v1 peers send [message] only.
                return count == 1
                    ? new RemoteException("RemoteError", parts[0] ?? "", null)
                    : new RemoteException(parts[0] ?? "RemoteError", parts[1] ?? "", parts[2]);
            }
        }
        catch (MessagePackSerializationException)
        {
            // Fall through to the generic description.
        }
        return new RemoteException("RemoteError", "the server sent an ERR event that could not be read", null);
    }

    public static T Deserialize<T>(ReadOnlyMemory<byte> value, string method)
    {
        var reader = new MessagePackReader(value);
        return Deserialize<T>(ref reader, method);
    }

    private static T ReadOk<T>(Event reply, string method) => ReplyReader.TryReadOk<T>(reply, method, out var value)
        ? value
        : throw new ProtocolViolationException($"OK reply to {method} must be a one-element array");

    private static T Deserialize<T>(ref MessagePackReader reader, string method) => ReplyReader.Deserialize<T>(ref reader, method);
}
