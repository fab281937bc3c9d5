namespace Zask.ZeroRpc.Extension;

/// <summary>A service has no configuration entry (or a malformed one). The message and ConfigKey name the key.</summary>
public sealed class MissingConfigException : ServiceConfigException
{
    /// <summary>Creates the exception for a configuration key.</summary>
    public MissingConfigException(string configKey, string message) : base(configKey, message) { }
}
