namespace Zask;

/// <summary>A configuration value could not be read as the requested type.</summary>
public sealed class ConfigTypeException : ConfigException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The key that was read.</param>
    /// <param name="expectedType">The type the caller asked for.</param>
    /// <param name="actualValue">The stored value.</param>
    /// <param name="innerException">The conversion error, if any.</param>
    public ConfigTypeException(string key, Type expectedType, object? actualValue, Exception? innerException = null)
        : base(BuildMessage(key, expectedType, actualValue), innerException)
    {
        Key = key;
        ExpectedType = expectedType;
        ActualValue = actualValue;
    }

    /// <summary>The key that was read.</summary>
    public string Key { get; }

    /// <summary>The type the caller asked for.</summary>
    public Type ExpectedType { get; }

    /// <summary>The stored value that did not fit.</summary>
    public object? ActualValue { get; }

    /// <summary>
    /// The layer the value came from (<c>JSON file '/srv/app/settings.json'</c>, <c>environment variable ZASK_DEBUG</c>,
    /// a configuration provider...), when known.
    /// </summary>
    public string? Provider { get; init; }

    /// <inheritdoc />
    public override string Message => Provider is null ? base.Message : $"{base.Message} It came from {Provider}.";

    private static string BuildMessage(string key, Type expectedType, object? actualValue)
    {
        var actualType = actualValue is null ? "null" : TypeNames.Friendly(actualValue.GetType());
        var target = Nullable.GetUnderlyingType(expectedType) ?? expectedType;
        var rule = ConfigValues.TryConvertScalar(0L, target, out _) is null
            ? string.Empty
            : target == typeof(bool)
                ? " A boolean is true or false, the string \"true\" or \"false\" (any case), or 1 or 0."
                : " A number is a JSON number or a string holding one (\"30\", \"2.5\"); an integer takes whole values in its range only.";
        return $"Config key '{key}' was read as {TypeNames.Friendly(expectedType)} but its value is " +
               $"{ConfigValues.Describe(actualValue)} ({actualType}).{rule}";
    }
}
