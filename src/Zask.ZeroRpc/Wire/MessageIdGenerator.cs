using System.Security.Cryptography;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// Makes message ids in zerorpc-python's shape: 32 ASCII hex bytes sent as MessagePack <c>bin</c>.
/// </summary>
/// <remarks>
/// The first 20 hex digits are random per process, the last 12 a counter, so ids are unique for far longer
/// than any connection lives. The Python shape is chosen because both Python and Node peers accept it.
/// </remarks>
public static class MessageIdGenerator
{
    private const int PrefixLength = 20;
    private const int CounterDigits = 12;
    private static readonly byte[] Prefix = CreatePrefix();
    private static long _counter = RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>Returns a fresh id, unique within this process.</summary>
    public static MessageId Next()
    {
        var value = Interlocked.Increment(ref _counter);
        var bytes = new byte[PrefixLength + CounterDigits];
        Prefix.CopyTo(bytes, 0);
        for (var i = bytes.Length - 1; i >= PrefixLength; i--)
        {
            bytes[i] = HexDigit((int)(value & 0xF));
            value >>= 4;
        }
        return new MessageId(bytes, isBinary: true);
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
