using System.Buffers;
using System.Text;
using MessagePack;
using MessagePack.Formatters;

namespace Zask.ZeroRpc.Serialization;

/// <summary>
/// Reads a string from MessagePack str or, for peers from before the bin type existed, from bin; writes str.
/// </summary>
internal sealed class StringishFormatter : IMessagePackFormatter<string?>
{
    public void Serialize(ref MessagePackWriter writer, string? value, MessagePackSerializerOptions options) => writer.Write(value);

    public string? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.NextMessagePackType == MessagePackType.Binary)
        {
            var bytes = reader.ReadBytes()!.Value;
            return bytes.IsSingleSegment ? Encoding.UTF8.GetString(bytes.FirstSpan) : Encoding.UTF8.GetString(bytes.ToArray());
        }
        return reader.ReadString();
    }
}
