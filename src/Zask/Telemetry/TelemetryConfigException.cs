namespace Zask.Telemetry;

/// <summary>A telemetry setting is malformed: the app stops at start, naming the key.</summary>
public sealed class TelemetryConfigException : ConfigException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The config key (or environment variable) at fault.</param>
    /// <param name="message">What is wrong and what is expected.</param>
    public TelemetryConfigException(string key, string message)
        : base($"{key}: {message}")
    {
        Key = key;
    }

    /// <summary>The config key (or environment variable) at fault.</summary>
    public string Key { get; }
}
