using System.Buffers;
using MessagePack;
using MessagePack.Formatters;

namespace Zask.ZeroRpc.Serialization;

/// <summary>
/// The formatter for <see cref="object"/>: writes a value through the formatter of its runtime type and reads
/// any MessagePack value into plain .NET values (string, byte[], integers, double, bool, object?[], dictionaries).
/// </summary>
internal sealed class DynamicValueFormatter : IMessagePackFormatter<object?>
{
    public void Serialize(ref MessagePackWriter writer, object? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        var type = value.GetType();
        if (type == typeof(object))
        {
            writer.WriteMapHeader(0);
            return;
        }
        MessagePackSerializer.Serialize(type, ref writer, value, options);
    }

    public object? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Binary:
                // PrimitiveObjectFormatter would hand back a slice of the caller's buffer; keep our own copy.
                return reader.ReadBytes()!.Value.ToArray();
            case MessagePackType.Array:
                {
                    var count = reader.ReadArrayHeader();
                    var items = new object?[count];
                    options.Security.DepthStep(ref reader);
                    try
                    {
                        for (var i = 0; i < count; i++)
                        {
                            items[i] = Deserialize(ref reader, options);
                        }
                    }
                    finally
                    {
                        reader.Depth--;
                    }
                    return items;
                }
            case MessagePackType.Map:
                {
                    var count = reader.ReadMapHeader();
                    var map = new Dictionary<object, object?>(count, MapKeyComparer.Instance);
                    options.Security.DepthStep(ref reader);
                    try
                    {
                        for (var i = 0; i < count; i++)
                        {
                            var key = Deserialize(ref reader, options) ?? MapKeyComparer.NilKey;
                            map[key] = Deserialize(ref reader, options);
                        }
                    }
                    finally
                    {
                        reader.Depth--;
                    }
                    return map;
                }
            default:
                return PrimitiveObjectFormatter.Instance.Deserialize(ref reader, options);
        }
    }
}
