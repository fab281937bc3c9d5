namespace Zask.ZeroRpc.Extension;

/// <summary>A client must send an access key (the custom header middleware is on) but its service entry has no access_key.</summary>
public sealed class MissingAccessKeyException : ServiceConfigException
{
    /// <summary>Creates the exception for a configuration key.</summary>
    public MissingAccessKeyException(string configKey, string message) : base(configKey, message) { }
}
