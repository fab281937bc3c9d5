using MessagePack;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Patterns;

/// <summary>Reads the values of replies: shared by the client and by the call context its middlewares see.</summary>
internal static class ReplyReader
{
    /// <summary>
    /// Reads the value of an <c>OK</c> reply (<c>[value]</c>); <c>false</c> when its arguments are not an array of
    /// at least one element, which no conforming server sends.
    /// </summary>
    public static bool TryReadOk<T>(Event reply, string method, out T value)
    {
        var reader = new MessagePackReader(reply.Args);
        if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() < 1)
        {
            value = default!;
            return false;
        }
        value = Deserialize<T>(ref reader, method);
        return true;
    }

    /// <summary>Reads one value as <typeparamref name="T"/>, saying which call's result did not fit.</summary>
    /// <exception cref="InvalidCastException">The value cannot be read as <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ref MessagePackReader reader, string method)
    {
        try
        {
            if (typeof(T) == typeof(string) && reader.NextMessagePackType == MessagePackType.String)
            {
                // The most common result, read as StringishFormatter reads it, without the serializer's lookups.
                return (T)(object)reader.ReadString()!;
            }
            return MessagePackSerializer.Deserialize<T>(ref reader, ZeroRpcSerializer.Options);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new InvalidCastException($"the result of {method} cannot be read as {typeof(T).Name}: {(ex.InnerException ?? ex).Message}", ex);
        }
    }
}
