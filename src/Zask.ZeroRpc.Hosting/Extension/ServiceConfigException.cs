namespace Zask.ZeroRpc.Extension;

/// <summary>A service's configuration entry does not allow what was asked; <see cref="ConfigKey"/> names the entry.</summary>
public abstract class ServiceConfigException : ConfigException
{
    /// <summary>Creates the exception.</summary>
    protected ServiceConfigException(string configKey, string message) : base(message) => ConfigKey = configKey;

    /// <summary>The configuration key at fault, for example <c>ZERORPC_SOME_SERVICE</c>.</summary>
    public string ConfigKey { get; }
}
