using System.Collections;

namespace Zask.Interop.Tests.Support;

/// <summary>
/// Brings decoded MessagePack values to one shape for comparison: MessagePack picks the smallest integer width,
/// so 1 may come back as a byte while we sent a long. Integers become long, maps string-keyed dictionaries,
/// arrays lists; byte[] is kept as is.
/// </summary>
public static class PlainValues
{
    /// <summary>The normalized form of <paramref name="value"/>.</summary>
    public static object? Normalize(object? value) => value switch
    {
        null => null,
        string or bool or double or float or byte[] => value,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        IDictionary map => NormalizeMap(map),
        IEnumerable items => items.Cast<object?>().Select(Normalize).ToList(),
        _ => value,
    };

    private static Dictionary<string, object?> NormalizeMap(IDictionary map)
    {
        // IDictionary.GetEnumerator yields DictionaryEntry; foreach over the map would yield KeyValuePair instead.
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var entries = map.GetEnumerator();
        while (entries.MoveNext())
        {
            result[entries.Key.ToString()!] = Normalize(entries.Value);
        }
        return result;
    }
}
