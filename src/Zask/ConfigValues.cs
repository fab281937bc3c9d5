using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;

namespace Zask;

/// <summary>Conversions between JSON and the plain values stored in a <see cref="Config"/>.</summary>
internal static class ConfigValues
{
    /// <summary>
    /// Turns a JSON element into plain CLR values: objects become read-only dictionaries, arrays read-only lists,
    /// integers <see cref="long"/>, other numbers <see cref="double"/>. Read-only so a shared config cannot be
    /// mutated behind the owner's back.
    /// </summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new ReadOnlyDictionary<string, object?>(
            element.EnumerateObject().Aggregate(
                new Dictionary<string, object?>(StringComparer.Ordinal),
                (dict, property) =>
                {
                    // Duplicate keys: the last one wins, as in most JSON readers.
                    dict[property.Name] = FromJson(property.Value);
                    return dict;
                })),
        JsonValueKind.Array => new ReadOnlyCollection<object?>(element.EnumerateArray().Select(FromJson).ToList()),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? integer : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>
    /// Parses an environment variable value: JSON when it parses (true, 3, [..], {..}, "quoted"), else the raw string.
    /// </summary>
    public static object? FromEnvironment(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return raw;
        }
    }

    /// <summary>A short, JSON-like rendering of a value for error messages.</summary>
    public static string Describe(object? value)
    {
        if (value is null)
        {
            return "null";
        }

        try
        {
            var json = JsonSerializer.Serialize(value, value.GetType());
            return json.Length > 200 ? json[..200] + "..." : json;
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? value.GetType().Name;
        }
    }

    /// <summary>Python's <c>str.isupper()</c>: at least one cased character and no lowercase one.</summary>
    public static bool IsUpper(string name)
    {
        var hasCased = false;
        foreach (var c in name)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            hasCased |= char.IsUpper(c);
        }

        return hasCased;
    }
}
