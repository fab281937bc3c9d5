namespace Zask.ZeroRpc;

/// <summary>
/// The built-in middlewares a <see cref="ZeroRpcExtension"/> gives each of its servers and clients, combined with
/// <c>|</c>; they run in the order listed here, before the custom ones.
/// </summary>
[Flags]
public enum BuiltinMiddlewares
{
    /// <summary>None: servers and clients behave like plain zerorpc ones (the original's <c>middlewares=None</c>).</summary>
    None = 0,

    /// <summary>Resolves service names to configured endpoints (<see cref="Extension.ConfigEndpointMiddleware"/>; Python's <c>config_endpoint</c>).</summary>
    ConfigEndpoint = 1,

    /// <summary>Sends and checks service name, version and access key (<see cref="Extension.CustomHeaderMiddleware"/>; <c>config_custom_header</c>).</summary>
    ConfigCustomHeader = 2,

    /// <summary>Forwards a call id and the first caller's access key (<see cref="Extension.RequestChainMiddleware"/>; <c>request_chain</c>).</summary>
    RequestChain = 4,

    /// <summary>One access-log line per call (<see cref="Extension.AccessLogMiddleware"/>; <c>access_log</c>).</summary>
    AccessLog = 8,

    /// <summary>All four: what <c>new ZeroRpcExtension(app)</c> turns on.</summary>
    All = ConfigEndpoint | ConfigCustomHeader | RequestChain | AccessLog,
}
