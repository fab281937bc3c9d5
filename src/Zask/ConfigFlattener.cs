using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Zask;

/// <summary>
/// Turns structured values into configuration keys: objects become sections (<c>SQLALCHEMY_BINDS:users</c>), arrays
/// indexed children (<c>ZERORPC_ORDERS:client_keys:0</c>). Each leaf keeps its CLR value next to its string spelling.
/// </summary>
internal static class ConfigFlattener
{
    public static void Flatten(IDictionary<string, string?> data, IDictionary<string, object?> leaves, string path, object? value)
    {
        switch (value)
        {
            case null:
                Leaf(data, leaves, path, null, null);
                break;
            case string text:
                Leaf(data, leaves, path, text, text);
                break;
            case bool flag:
                // JSON spelling, which the configuration binder also accepts.
                Leaf(data, leaves, path, flag, flag ? "true" : "false");
                break;
            case IFormattable formattable when value.GetType().IsPrimitive || value is decimal:
                Leaf(data, leaves, path, value, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                FlattenPairs(data, leaves, path, value, pairs);
                break;
            case IDictionary dictionary:
                FlattenPairs(data, leaves, path, value, Entries(dictionary));
                break;
            case IEnumerable items:
                FlattenPairs(data, leaves, path, value, items.Cast<object?>()
                    .Select((item, index) => new KeyValuePair<string, object?>(index.ToString(CultureInfo.InvariantCulture), item)));
                break;
            default:
                FlattenOther(data, leaves, path, value);
                break;
        }
    }

    // Through the non-generic enumerator: enumerating an IDictionary as IEnumerable may yield KeyValuePairs.
    private static IEnumerable<KeyValuePair<string, object?>> Entries(IDictionary dictionary)
    {
        var entries = dictionary.GetEnumerator();
        while (entries.MoveNext())
        {
            yield return new(Convert.ToString(entries.Key, CultureInfo.InvariantCulture) ?? string.Empty, entries.Value);
        }
    }

    private static void FlattenPairs(IDictionary<string, string?> data, IDictionary<string, object?> leaves, string path, object container, IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var any = false;
        foreach (var (key, child) in pairs)
        {
            any = true;
            Flatten(data, leaves, ConfigurationPath.Combine(path, key), child);
        }

        if (!any)
        {
            // An empty list or object has no keys of its own: keep it as a valueless leaf so it still exists.
            Leaf(data, leaves, path, container, null);
        }
    }

    // Other objects (settings classes, records, dictionaries of other shapes) flatten as their JSON form.
    private static void FlattenOther(IDictionary<string, string?> data, IDictionary<string, object?> leaves, string path, object value)
    {
        JsonElement element;
        try
        {
            element = JsonSerializer.SerializeToElement(value, value.GetType());
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            Leaf(data, leaves, path, value, Convert.ToString(value, CultureInfo.InvariantCulture));
            return;
        }

        if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            Flatten(data, leaves, path, ConfigValues.FromJson(element));
            return;
        }

        Leaf(data, leaves, path, value, element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText());
    }

    private static void Leaf(IDictionary<string, string?> data, IDictionary<string, object?> leaves, string path, object? value, string? text)
    {
        data[path] = text;
        leaves[path] = value;
    }
}
