using System.Buffers.Binary;
using System.Text;

namespace Zask.Zmtp.Mechanisms;

/// <summary>
/// ZMTP metadata as CURVE carries it inside INITIATE and READY boxes: the same encoding as NULL's READY,
/// <c>[name-length(1) name value-length(4, big-endian) value]</c> repeated.
/// </summary>
internal static class CurveMetadata
{
    /// <summary>The encoded length of <paramref name="properties"/>.</summary>
    public static int Length(IReadOnlyDictionary<string, byte[]> properties)
    {
        int length = 0;
        foreach (var (name, value) in properties)
        {
            length += 1 + Encoding.ASCII.GetByteCount(name) + 4 + value.Length;
        }
        return length;
    }

    /// <summary>Writes <paramref name="properties"/> into <paramref name="destination"/>, which is exactly <see cref="Length"/> bytes.</summary>
    public static void Write(IReadOnlyDictionary<string, byte[]> properties, Span<byte> destination)
    {
        int offset = 0;
        foreach (var (name, value) in properties)
        {
            if (name.Length is 0 or > 255)
            {
                throw new ArgumentException($"a ZMTP property name is 1 to 255 characters, not {name.Length}", nameof(properties));
            }
            destination[offset++] = (byte)name.Length;
            offset += Encoding.ASCII.GetBytes(name, destination[offset..]);
            BinaryPrimitives.WriteInt32BigEndian(destination[offset..], value.Length);
            offset += 4;
            value.CopyTo(destination[offset..]);
            offset += value.Length;
        }
    }

    /// <summary>Reads the properties a peer sent; <paramref name="command"/> names the command, for errors.</summary>
    /// <exception cref="MechanismException">The metadata is truncated or malformed.</exception>
    public static Dictionary<string, byte[]> Read(ReadOnlySpan<byte> metadata, string command)
    {
        var properties = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        int offset = 0;
        while (offset < metadata.Length)
        {
            int nameLength = metadata[offset++];
            if (nameLength == 0 || offset + nameLength + 4 > metadata.Length)
            {
                throw new MechanismException($"malformed metadata in {command}: a property name is empty or cut short at byte {offset - 1}");
            }
            string name = Encoding.ASCII.GetString(metadata.Slice(offset, nameLength));
            offset += nameLength;
            uint valueLength = BinaryPrimitives.ReadUInt32BigEndian(metadata[offset..]);
            offset += 4;
            if (valueLength > (uint)(metadata.Length - offset))
            {
                throw new MechanismException($"malformed metadata in {command}: property '{name}' claims {valueLength} bytes but {metadata.Length - offset} remain");
            }
            properties[name] = metadata.Slice(offset, (int)valueLength).ToArray();
            offset += (int)valueLength;
        }
        return properties;
    }
}
