using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Renders values from config entries and request headers for error messages and logs: cut to a sane length,
/// shapes named rather than dumped (never <c>System.Object[]</c>), and secrets reduced to a short prefix and a
/// fingerprint, so that a message can neither leak a key nor be inflated by a hostile caller.
/// </summary>
internal static class SafeText
{
    /// <summary>The most characters of a (non-secret) text value a message shows.</summary>
    public const int MaxShown = 64;

    /// <summary>A value that is not secret: short strings whole and quoted, long ones cut, containers by shape.</summary>
    public static string Value(object? value) => value switch
    {
        string text => Quote(text, MaxShown),
        byte[] bytes => Value(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxShown * 4))) + (bytes.Length > MaxShown * 4 ? $" ({bytes.Length} bytes)" : ""),
        _ => Shape(value),
    };

    /// <summary>
    /// A secret (an access key, a CurveZMQ key): a string as at most a quarter of its characters (four at most), its
    /// length and a SHA-256 fingerprint; anything else by its shape only.
    /// </summary>
    public static string Secret(object? value)
    {
        var text = value switch
        {
            string s => s,
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => null,
        };
        if (text is null)
        {
            return Shape(value);
        }
        var prefix = Printable(text[..Math.Min(4, text.Length / 4)]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
        return $"\"{prefix}…\" ({text.Length} characters, sha256:{hash})";
    }

    /// <summary>What kind of value this is, with its size: <c>a list of 3 items</c>, <c>the number 5</c>, <c>a string</c>.</summary>
    public static string Shape(object? value) => value switch
    {
        null => "null",
        bool flag => flag ? "true" : "false",
        string text => $"a string of {text.Length} characters",
        byte[] bytes => $"binary data of {bytes.Length} bytes",
        IDictionary dictionary => $"an object with {dictionary.Count} keys",
        IReadOnlyDictionary<string, object?> map => $"an object with {map.Count} keys",
        IReadOnlyDictionary<object, object?> map => $"an object with {map.Count} keys",
        ICollection collection => $"a list of {collection.Count} items",
        IEnumerable<object?> items => $"a list of {items.Count()} items",
        IFormattable number => "the number " + Cut(number.ToString(null, CultureInfo.InvariantCulture), MaxShown),
        _ => "a " + value.GetType().Name,
    };

    /// <summary>A string cut to <paramref name="max"/> characters, quoted, with its length when it was cut.</summary>
    public static string Quote(string text, int max) =>
        text.Length <= max ? $"\"{Printable(text)}\"" : $"\"{Printable(text[..max])}…\" ({text.Length} characters)";

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    // Control characters (newlines above all) would let a caller forge log lines.
    private static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }
        return builder.ToString();
    }
}
