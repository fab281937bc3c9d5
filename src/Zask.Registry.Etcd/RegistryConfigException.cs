namespace Zask.Registry.Etcd;

/// <summary>
/// A registry setting is malformed: a registry URI that does not parse, a TTL out of range, a TLS file that does not
/// exist. Raised at start, naming the setting, so a misconfigured service never runs unregistered by accident.
/// </summary>
public sealed class RegistryConfigException : ConfigException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="configKey">The setting that holds the bad value (e.g. <c>ZERORPC_ORDERS.registry</c>).</param>
    /// <param name="message">What is wrong and what is expected.</param>
    public RegistryConfigException(string configKey, string message)
        : base($"{configKey}: {message}")
    {
        ConfigKey = configKey;
    }

    /// <summary>The setting that holds the bad value.</summary>
    public string ConfigKey { get; }
}
