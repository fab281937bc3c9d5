using System.Buffers.Binary;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// Walks a MessagePack blob once, without materialising anything, to check it is one complete value within the
/// limits before any deserializer sees it (a collection header can declare billions of elements in five bytes).
/// </summary>
/// <remarks>
/// It reads the format codes straight off the span rather than through <c>MessagePackReader</c>: every event is
/// checked, on both ends of every call, and the reader's sequence machinery cost more than the walk itself.
/// </remarks>
internal static class MessagePackValidator
{
    public static void Validate(ReadOnlyMemory<byte> blob, DecodeLimits limits) => Validate(blob.Span, limits);

    public static void Validate(ReadOnlySpan<byte> bytes, DecodeLimits limits)
    {
        // remaining[d] = how many values are still to be read at nesting level d (level 0 is the blob itself).
        Span<long> remaining = limits.MaxDepth < 256 ? stackalloc long[limits.MaxDepth + 1] : new long[limits.MaxDepth + 1];
        remaining[0] = 1;
        var depth = 0;
        var values = 0L;
        var position = 0;
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
            if (position >= bytes.Length)
            {
                throw Truncated();
            }
            var code = bytes[position];
            long skip;
            switch (code)
            {
                case <= 0x7f or >= 0xe0 or 0xc0 or 0xc2 or 0xc3:
                    // fixint, nil, false, true: the code is the whole value.
                    skip = 0;
                    break;
                case <= 0x8f:
                    Push(ref depth, remaining, 2L * (code & 0x0f), limits);
                    skip = 0;
                    break;
                case <= 0x9f:
                    Push(ref depth, remaining, code & 0x0f, limits);
                    skip = 0;
                    break;
                case <= 0xbf:
                    skip = code & 0x1f;
                    break;
                case 0xc4 or 0xd9:
                    skip = 1 + Length(bytes, position, 1);
                    break;
                case 0xc5 or 0xda:
                    skip = 2 + Length(bytes, position, 2);
                    break;
                case 0xc6 or 0xdb:
                    skip = 4 + Length(bytes, position, 4);
                    break;
                case 0xc7:
                    skip = 2 + Length(bytes, position, 1);
                    break;
                case 0xc8:
                    skip = 3 + Length(bytes, position, 2);
                    break;
                case 0xc9:
                    skip = 5 + Length(bytes, position, 4);
                    break;
                case 0xcc or 0xd0:
                    skip = 1;
                    break;
                case 0xcd or 0xd1:
                    skip = 2;
                    break;
                case 0xca or 0xce or 0xd2:
                    skip = 4;
                    break;
                case 0xcb or 0xcf or 0xd3:
                    skip = 8;
                    break;
                case >= 0xd4 and <= 0xd8:
                    // fixext 1, 2, 4, 8, 16: a type byte and 2^(code - 0xd4) bytes.
                    skip = 1 + (1 << (code - 0xd4));
                    break;
                case 0xdc:
                    Push(ref depth, remaining, Length(bytes, position, 2), limits);
                    skip = 2;
                    break;
                case 0xdd:
                    Push(ref depth, remaining, Length(bytes, position, 4), limits);
                    skip = 4;
                    break;
                case 0xde:
                    Push(ref depth, remaining, 2 * Length(bytes, position, 2), limits);
                    skip = 2;
                    break;
                case 0xdf:
                    Push(ref depth, remaining, 2 * Length(bytes, position, 4), limits);
                    skip = 4;
                    break;
                default:
                    // 0xc1, the one code MessagePack never uses.
                    throw new EventDecodeException($"byte 0x{code:x2} at offset {position} is not a MessagePack type");
            }
            var next = position + 1 + skip;
            if (next > bytes.Length)
            {
                throw Truncated();
            }
            position = (int)next;
        }
        if (position != bytes.Length)
        {
            throw new EventDecodeException($"{bytes.Length - position} unexpected bytes after the event");
        }
    }

    /// <summary>The big-endian length of <paramref name="size"/> bytes that follows the code at <paramref name="position"/>.</summary>
    private static long Length(ReadOnlySpan<byte> bytes, int position, int size)
    {
        if (position + 1 + size > bytes.Length)
        {
            throw Truncated();
        }
        var field = bytes.Slice(position + 1, size);
        return size switch
        {
            1 => field[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(field),
            _ => BinaryPrimitives.ReadUInt32BigEndian(field),
        };
    }

    private static EventDecodeException Truncated() => new("truncated MessagePack: the message ends inside a value");

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
