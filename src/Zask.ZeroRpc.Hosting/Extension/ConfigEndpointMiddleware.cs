using Zask.ZeroRpc.Middleware;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Resolves a service name to the endpoints its configuration entry lists for a version (or the default version):
/// a client connects to all of them, a server binds to them. Anything that already looks like an endpoint
/// (<c>tcp://...</c>) passes through unchanged.
/// </summary>
public sealed class ConfigEndpointMiddleware : IZeroRpcMiddleware
{
    private readonly Config _config;
    private readonly string? _version;

    /// <summary>Creates the middleware for one server or client.</summary>
    /// <param name="config">The application configuration holding the <c>ZERORPC_*</c> entries.</param>
    /// <param name="version">The version to resolve; <c>null</c> for the entry's default.</param>
    public ConfigEndpointMiddleware(Config config, string? version)
    {
        _config = config;
        _version = version;
    }

    /// <inheritdoc />
    public IReadOnlyList<string>? ResolveEndpoint(string endpoint, EndpointRole role) =>
        endpoint.Contains("://", StringComparison.Ordinal)
            ? null
            : ServiceConfig.Read(_config, endpoint).EndpointsFor(_version);
}
