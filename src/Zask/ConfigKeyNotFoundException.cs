namespace Zask;

/// <summary>A typed read (<see cref="Config.Get{T}(string)"/>) asked for a key that is not in the configuration.</summary>
public sealed class ConfigKeyNotFoundException : ConfigException
{
    /// <summary>Creates the exception for the given key.</summary>
    /// <param name="key">The missing key.</param>
    public ConfigKeyNotFoundException(string key)
        : base($"Config key '{key}' is not set.")
    {
        Key = key;
    }

    /// <summary>The missing key.</summary>
    public string Key { get; }
}
