using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Zask.Cli;

/// <summary>
/// Converts between JSON text and the plain values ZeroRPC carries. Bytes, which JSON lacks, are written
/// <c>{"$bin": "hex"}</c> both ways.
/// </summary>
internal static class JsonValues
{
    public const string BinaryKey = "$bin";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep non-ASCII text readable in a terminal; the output is not embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Parses one JSON argument: objects become maps, numbers long (or ulong) when integral, else double.</summary>
    /// <exception cref="FormatException">The text is not JSON, or a <c>$bin</c> value is not hex.</exception>
    public static object? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return ToValue(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>The value as compact JSON on one line.</summary>
    public static string ToJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, value);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The value for a human: strings as they are, anything else as JSON.</summary>
    public static string ToReadable(object? value) => value as string ?? ToJson(value);

    private static object? ToValue(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return ToMap(element);
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(ToValue).ToArray();
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var integer))
                {
                    return integer;
                }
                var raw = element.GetRawText();
                // Integers beyond long still travel exactly as msgpack uint64; anything else is a float.
                if (raw.AsSpan().IndexOfAny(".eE") < 0 && element.TryGetUInt64(out var large))
                {
                    return large;
                }
                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    private static object ToMap(JsonElement element)
    {
        var properties = element.EnumerateObject().ToList();
        if (properties.Count == 1 && properties[0].Name == BinaryKey && properties[0].Value.ValueKind == JsonValueKind.String)
        {
            var hex = properties[0].Value.GetString()!;
            try
            {
                return Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
                throw new FormatException($"\"{BinaryKey}\" must be an even number of hex digits, got \"{hex}\"");
            }
        }
        var map = new Dictionary<string, object?>(properties.Count, StringComparer.Ordinal);
        foreach (var property in properties)
        {
            map[property.Name] = ToValue(property.Value);
        }
        return map;
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case byte[] bytes:
                writer.WriteStartObject();
                writer.WriteString(BinaryKey, Convert.ToHexStringLower(bytes));
                writer.WriteEndObject();
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case float f:
                WriteFloat(writer, f, f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case double d:
                WriteFloat(writer, d, d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                // MessagePack timestamps; JSON has no time type.
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(KeyText(entry.Key));
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value, string text)
    {
        if (!double.IsFinite(value))
        {
            // JSON has no NaN or infinities: name them as strings rather than write invalid JSON.
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            return;
        }
        // Keep floats recognisable (3.0, not 3), so that reading the output back gives a float again.
        if (text.AsSpan().IndexOfAny(".eE") < 0)
        {
            text += ".0";
        }
        writer.WriteRawValue(text, skipInputValidation: true);
    }

    private static string KeyText(object key) => key switch
    {
        string s => s,
        // The decoder's stand-in for a nil key is a bare object.
        _ when key.GetType() == typeof(object) => "null",
        _ => ToJson(key),
    };
}
