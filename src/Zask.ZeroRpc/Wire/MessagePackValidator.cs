using MessagePack;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// Walks a MessagePack blob once, without recursion and without materialising anything, to prove it is exactly
/// one well-formed value within the <see cref="DecodeLimits"/>. Everything after this can decode safely.
/// </summary>
internal static class MessagePackValidator
{
    public static void Validate(ReadOnlyMemory<byte> blob, DecodeLimits limits)
    {
        var reader = new MessagePackReader(blob);
        // remaining[d] = how many values are still to be read at nesting level d (level 0 is the blob itself).
        Span<long> remaining = limits.MaxDepth < 256 ? stackalloc long[limits.MaxDepth + 1] : new long[limits.MaxDepth + 1];
        remaining[0] = 1;
        var depth = 0;
        var values = 0L;
        while (depth >= 0)
        {
            if (remaining[depth] == 0)
            {
                depth--;
                continue;
            }
            remaining[depth]--;
            if (++values > limits.MaxValues)
            {
                throw new EventDecodeException($"message holds more than {limits.MaxValues} values");
            }
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    Push(ref depth, remaining, reader.ReadArrayHeader(), limits);
                    break;
                case MessagePackType.Map:
                    Push(ref depth, remaining, 2L * reader.ReadMapHeader(), limits);
                    break;
                case MessagePackType.Unknown:
                    throw new EventDecodeException($"byte 0x{reader.NextCode:x2} at offset {reader.Consumed} is not a MessagePack type");
                default:
                    reader.Skip();
                    break;
            }
        }
        if (!reader.End)
        {
            throw new EventDecodeException($"{blob.Length - reader.Consumed} unexpected bytes after the event");
        }
    }

    private static void Push(ref int depth, Span<long> remaining, long count, DecodeLimits limits)
    {
        if (depth + 1 > limits.MaxDepth)
        {
            throw new EventDecodeException($"values nest deeper than {limits.MaxDepth} levels");
        }
        if (count > limits.MaxValues)
        {
            throw new EventDecodeException($"a collection declares {count} elements, more than the limit of {limits.MaxValues}");
        }
        remaining[++depth] = count;
    }
}
