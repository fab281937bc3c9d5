namespace Zask.ZeroRpc.Extension;

/// <summary>A version was asked for that the service's configuration entry does not list.</summary>
public sealed class UnknownVersionException : ServiceConfigException
{
    /// <summary>Creates the exception for a configuration key.</summary>
    public UnknownVersionException(string configKey, string message) : base(configKey, message) { }
}
