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
        // Boxed apart: a conditional of long and double would widen every integer to double.
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? (object)integer : element.GetDouble(),
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

    /// <summary>
    /// The one rule for typed reads of booleans and numbers, whatever layer the value came from. A boolean is
    /// <c>true</c>/<c>false</c>, the strings <c>"true"</c>/<c>"false"</c> in any case, or <c>1</c>/<c>0</c> (number or
    /// string). A number is a JSON number or a string holding one in invariant notation (<c>"30"</c>,
    /// <c>"2.5"</c>); an integer type takes only whole values within its range. Anything else does not convert.
    /// </summary>
    /// <param name="value">The stored value (not null).</param>
    /// <param name="target">The wanted type, nullable already unwrapped.</param>
    /// <param name="result">The converted value, when the rule applies and the value fits.</param>
    /// <returns><c>null</c> when <paramref name="target"/> is not a boolean or number type (other rules apply);
    /// otherwise whether the value converted.</returns>
    public static bool? TryConvertScalar(object value, Type target, out object? result)
    {
        result = null;
        if (target == typeof(bool))
        {
            bool? flag = value switch
            {
                bool b => b,
                string text => ParseBoolean(text.Trim()),
                _ => AsDecimal(value) switch
                {
                    1m => true,
                    0m => false,
                    _ => null,
                },
            };
            result = flag;
            return flag is not null;
        }

        if (!IsNumberType(target))
        {
            return null;
        }

        var number = value is string digits ? ParseNumber(digits.Trim()) : AsDecimal(value);
        if (number is null)
        {
            // Doubles beyond decimal's range still fit a double target.
            if (target == typeof(double) && value is double big && double.IsFinite(big))
            {
                result = big;
                return true;
            }

            if (target == typeof(double) && value is string bigText &&
                double.TryParse(bigText.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
            {
                result = parsed;
                return true;
            }

            return false;
        }

        try
        {
            var integral = target != typeof(double) && target != typeof(float) && target != typeof(decimal);
            if (integral && decimal.Truncate(number.Value) != number.Value)
            {
                return false;
            }

            result = Convert.ChangeType(number.Value, target, CultureInfo.InvariantCulture);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// Types a string from a provider that only has strings (command line, secrets stores, environment) by the
    /// key's declared type, which is the type of its default: <c>"false"</c> for <c>DEBUG</c> becomes <c>false</c>,
    /// <c>"2.5"</c> for <c>SHUTDOWN_GRACE_PERIOD</c> becomes <c>2.5</c>. A string that does not fit stays as it is,
    /// so the typed read that needs it reports it.
    /// </summary>
    /// <param name="text">The provider's string.</param>
    /// <param name="declared">The key's default value, or <c>null</c> when it has none.</param>
    /// <returns>The typed value, or <paramref name="text"/>.</returns>
    public static object? AsDeclared(string text, object? declared)
    {
        switch (declared)
        {
            case bool:
                return TryConvertScalar(text, typeof(bool), out var flag) == true ? flag : text;
            case TimeSpan:
                return TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var span) ? span : text;
            case not null when IsNumberType(declared.GetType()):
                // Whole numbers as long and others as double, as JSON numbers are stored.
                return TryConvertScalar(text, typeof(long), out var whole) == true ? whole
                    : TryConvertScalar(text, typeof(double), out var number) == true ? number
                    : text;
            default:
                return text;
        }
    }

    private static bool? ParseBoolean(string text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1" ? true
        : text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0" ? false
        : null;

    private static decimal? ParseNumber(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static decimal? TryDecimal(double value) =>
        value is > (double)decimal.MinValue and < (double)decimal.MaxValue ? (decimal)value : null;

    // A number of any CLR numeric type as a decimal; null for non-numbers, non-finite or out-of-range values.
    private static decimal? AsDecimal(object value) => value switch
    {
        double d => double.IsFinite(d) ? TryDecimal(d) : null,
        float f => float.IsFinite(f) ? TryDecimal(f) : null,
        _ when IsNumberType(value.GetType()) => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool IsNumberType(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) ||
        type == typeof(sbyte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) ||
        type == typeof(double) || type == typeof(float) || type == typeof(decimal);

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
