using System.Buffers.Binary;
using System.Text;
using Zask.Zmtp.Framing;

namespace Zask.Zmtp.Mechanisms;

/// <summary>
/// ZMTP metadata, the properties READY (and CURVE's INITIATE) carry: <c>name-length(1) name value-length(4 BE) value</c>.
/// </summary>
internal static class Metadata
{
    /// <summary>The encoded length of <paramref name="properties"/>.</summary>
    public static int Length(IReadOnlyDictionary<string, byte[]> properties)
    {
        var length = 0;
        foreach (var (name, value) in properties)
        {
            length += 1 + Encoding.ASCII.GetByteCount(name) + 4 + value.Length;
        }
        return length;
    }

    /// <summary>Writes the properties and returns the bytes written.</summary>
    public static int Write(IReadOnlyDictionary<string, byte[]> properties, Span<byte> destination)
    {
        var at = 0;
        // Socket-Type first, as libzmq writes it, then the rest in insertion order.
        foreach (var (name, value) in Ordered(properties))
        {
            var nameLength = Encoding.ASCII.GetBytes(name, destination[(at + 1)..]);
            destination[at] = (byte)nameLength;
            at += 1 + nameLength;
            BinaryPrimitives.WriteInt32BigEndian(destination[at..], value.Length);
            at += 4;
            value.CopyTo(destination[at..]);
            at += value.Length;
        }
        return at;
    }

    /// <summary>Parses properties; a truncated or overlong entry is a protocol error.</summary>
    public static Dictionary<string, byte[]> Parse(ReadOnlySpan<byte> data)
    {
        var properties = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (!data.IsEmpty)
        {
            int nameLength = data[0];
            if (nameLength == 0 || data.Length < 1 + nameLength + 4)
            {
                throw new ZmtpProtocolException("malformed metadata: a property name is empty or cut short");
            }
            var name = Encoding.ASCII.GetString(data.Slice(1, nameLength));
            var valueLength = BinaryPrimitives.ReadUInt32BigEndian(data[(1 + nameLength)..]);
            data = data[(1 + nameLength + 4)..];
            if (valueLength > (uint)data.Length)
            {
                throw new ZmtpProtocolException($"malformed metadata: property {name} declares {valueLength} bytes, {data.Length} remain");
            }
            properties[name] = data[..(int)valueLength].ToArray();
            data = data[(int)valueLength..];
        }
        return properties;
    }

    private static IEnumerable<KeyValuePair<string, byte[]>> Ordered(IReadOnlyDictionary<string, byte[]> properties)
    {
        if (properties.TryGetValue(NullMechanism.SocketTypeProperty, out var socketType))
        {
            yield return new(NullMechanism.SocketTypeProperty, socketType);
        }
        foreach (var pair in properties)
        {
            if (pair.Key != NullMechanism.SocketTypeProperty)
            {
                yield return pair;
            }
        }
    }
}
