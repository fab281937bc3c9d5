namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Checks the Z85 text of a CurveZMQ key (ZeroMQ RFC 32): 40 characters of the Z85 alphabet, each group of five
/// encoding a value that fits 32 bits, 32 bytes in all. Only the text is checked; the transport does the rest.
/// </summary>
internal static class Z85
{
    /// <summary>What a key setting must hold, for error messages.</summary>
    public const string Expected = "a CurveZMQ key: 40 characters of Z85 text (32 bytes)";

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    private const int KeyLength = 40;

    /// <summary>Whether <paramref name="text"/> is the Z85 text of a 32-byte key.</summary>
    public static bool IsKey(string text) => Problem(text) is null;

    /// <summary>What is wrong with <paramref name="text"/> as a key, or <c>null</c> when nothing is.</summary>
    public static string? Problem(string text)
    {
        if (text.Length != KeyLength)
        {
            return $"{text.Length} characters instead of {KeyLength}";
        }
        for (var group = 0; group < KeyLength; group += 5)
        {
            ulong value = 0;
            for (var i = group; i < group + 5; i++)
            {
                var digit = Alphabet.IndexOf(text[i], StringComparison.Ordinal);
                if (digit < 0)
                {
                    return $"character {i + 1} is not in the Z85 alphabet";
                }
                value = (value * 85) + (ulong)digit;
            }
            if (value > uint.MaxValue)
            {
                return $"characters {group + 1}-{group + 5} do not encode 4 bytes";
            }
        }
        return null;
    }
}
