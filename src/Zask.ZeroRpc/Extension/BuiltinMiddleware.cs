namespace Zask.ZeroRpc.Extension;

/// <summary>The names of the built-in middlewares, for <see cref="ZeroRpcExtension"/>'s <c>middlewares</c> list.</summary>
public static class BuiltinMiddleware
{
    /// <summary>Resolves service names to configured endpoints (<see cref="Middleware.ConfigEndpointMiddleware"/>).</summary>
    public const string ConfigEndpoint = "config_endpoint";

    /// <summary>Sends and checks service name, version and access key (<see cref="Middleware.CustomHeaderMiddleware"/>).</summary>
    public const string ConfigCustomHeader = "config_custom_header";

    /// <summary>Forwards a call id and the first caller's access key (<see cref="Middleware.RequestChainMiddleware"/>).</summary>
    public const string RequestChain = "request_chain";

    /// <summary>One access-log line per call (<see cref="Middleware.AccessLogMiddleware"/>).</summary>
    public const string AccessLog = "access_log";

    /// <summary>What <c>new ZeroRpcExtension(app)</c> turns on.</summary>
    public static IReadOnlyList<string> Defaults { get; } = [ConfigEndpoint, ConfigCustomHeader, RequestChain, AccessLog];
}
