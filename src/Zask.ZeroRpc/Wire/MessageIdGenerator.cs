using System.Security.Cryptography;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// Makes message ids in zerorpc-python's shape: 32 ASCII hex bytes sent as MessagePack <c>bin</c>.
/// </summary>
/// <remarks>
/// The first 20 hex digits are random per process, the last 12 a counter, so ids are unique for far longer
/// than any connection lives. The Python shape is chosen because both Python and Node peers accept it.
/// </remarks>
internal static class MessageIdGenerator
{
    private const int PrefixLength = 20;
    private const int CounterDigits = 12;
    private static readonly byte[] Prefix = CreatePrefix();
    private static long _counter = RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>The length of the ids made here, in bytes.</summary>
    internal const int Length = PrefixLength + CounterDigits;

    /// <summary>Returns a fresh id, unique within this process.</summary>
    public static MessageId Next()
    {
        var bytes = new byte[Length];
        WriteNext(bytes);
        return new MessageId(bytes, isBinary: true);
    }

    /// <summary>
    /// Writes a fresh id into <paramref name="destination"/> (<see cref="Length"/> bytes), for events whose id is
    /// only sent, never kept (replies, heartbeats, credit): no array per event.
    /// </summary>
    internal static void WriteNext(Span<byte> destination)
    {
        var value = Interlocked.Increment(ref _counter);
        Prefix.CopyTo(destination);
        for (var i = Length - 1; i >= PrefixLength; i--)
        {
            destination[i] = HexDigit((int)(value & 0xF));
            value >>= 4;
        }
    }

    private static byte[] CreatePrefix()
    {
        var random = RandomNumberGenerator.GetBytes(PrefixLength / 2);
        var prefix = new byte[PrefixLength];
        for (var i = 0; i < random.Length; i++)
        {
            prefix[2 * i] = HexDigit(random[i] >> 4);
            prefix[(2 * i) + 1] = HexDigit(random[i] & 0xF);
        }
        return prefix;
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
