namespace Zask.ZeroRpc.Extension;

/// <summary>No version was asked for and the service's configuration entry has no default version.</summary>
public sealed class NoDefaultVersionException : ServiceConfigException
{
    /// <summary>Creates the exception for a configuration key.</summary>
    public NoDefaultVersionException(string configKey, string message) : base(configKey, message) { }
}
