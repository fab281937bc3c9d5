namespace Zask.Zmtp.Security;

/// <summary>
/// Z85 (ZeroMQ RFC 32): the text form of CURVE keys, 5 characters for every 4 bytes, as printed by
/// <c>zmq_curve_keypair</c>, pyzmq's <c>zmq.curve_keypair()</c> and NetMQ.
/// </summary>
public static class Z85
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    // Character → digit value, 0xFF for characters outside the alphabet.
    private static readonly byte[] Digits = BuildDigits();

    /// <summary>Encodes bytes whose length is a multiple of 4.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of 4.</exception>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0)
        {
            throw new ArgumentException($"Z85 encodes whole groups of 4 bytes; {data.Length} bytes is not a multiple of 4", nameof(data));
        }
        return string.Create(data.Length / 4 * 5, data.ToArray(), static (chars, bytes) =>
        {
            for (int group = 0; group < bytes.Length / 4; group++)
            {
                uint value = (uint)(bytes[group * 4] << 24 | bytes[group * 4 + 1] << 16 | bytes[group * 4 + 2] << 8 | bytes[group * 4 + 3]);
                for (int i = 4; i >= 0; i--)
                {
                    chars[group * 5 + i] = Alphabet[(int)(value % 85)];
                    value /= 85;
                }
            }
        });
    }

    /// <summary>Decodes Z85 text whose length is a multiple of 5.</summary>
    /// <exception cref="FormatException">The length is not a multiple of 5, a character is outside the Z85 alphabet, or a group exceeds 32 bits.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length % 5 != 0)
        {
            throw new FormatException($"Z85 text comes in groups of 5 characters; {text.Length} characters is not a multiple of 5");
        }
        var bytes = new byte[text.Length / 5 * 4];
        for (int group = 0; group < text.Length / 5; group++)
        {
            ulong value = 0;
            for (int i = 0; i < 5; i++)
            {
                int position = group * 5 + i;
                char c = text[position];
                byte digit = c < Digits.Length ? Digits[c] : (byte)0xFF;
                if (digit == 0xFF)
                {
                    throw new FormatException($"'{c}' at position {position} is not a Z85 character");
                }
                value = value * 85 + digit;
            }
            if (value > uint.MaxValue)
            {
                throw new FormatException($"the Z85 group at position {group * 5} is larger than 32 bits");
            }
            bytes[group * 4] = (byte)(value >> 24);
            bytes[group * 4 + 1] = (byte)(value >> 16);
            bytes[group * 4 + 2] = (byte)(value >> 8);
            bytes[group * 4 + 3] = (byte)value;
        }
        return bytes;
    }

    /// <summary>
    /// What is wrong with <paramref name="text"/> as the Z85 form of a 32-byte CURVE key (40 characters, each group of
    /// five within 32 bits), in words for an error message; <c>null</c> when nothing is.
    /// </summary>
    public static string? KeyProblem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const int keyLength = 40;
        if (text.Length != keyLength)
        {
            return $"{text.Length} characters instead of {keyLength}";
        }
        for (int group = 0; group < keyLength; group += 5)
        {
            ulong value = 0;
            for (int i = group; i < group + 5; i++)
            {
                char c = text[i];
                byte digit = c < Digits.Length ? Digits[c] : (byte)0xFF;
                if (digit == 0xFF)
                {
                    return $"character {i + 1} is not in the Z85 alphabet";
                }
                value = value * 85 + digit;
            }
            if (value > uint.MaxValue)
            {
                return $"characters {group + 1}-{group + 5} do not encode 4 bytes";
            }
        }
        return null;
    }

    private static byte[] BuildDigits()
    {
        var digits = new byte[128];
        Array.Fill(digits, (byte)0xFF);
        for (int i = 0; i < Alphabet.Length; i++)
        {
            digits[Alphabet[i]] = (byte)i;
        }
        return digits;
    }
}
