namespace Zask.ZeroRpc.Server;

/// <summary>
/// Declares a service's name and version (the original's <c>__service_name__</c> and <c>__version__</c>). The name
/// is what <c>_zerorpc_name</c> returns and, with the ZeroRpc extension, the key of its service configuration.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ZeroRpcServiceAttribute : Attribute
{
    /// <summary>Declares the service name.</summary>
    public ZeroRpcServiceAttribute(string name) => Name = name;

    /// <summary>The service name.</summary>
    public string Name { get; }

    /// <summary>The service version, for example <c>"1.0"</c>.</summary>
    public string? Version { get; init; }
}
