using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Middleware;

/// <summary>
/// The original's custom header: a client adds <c>service_name</c>, <c>service_version</c> and <c>access_key</c> to
/// every request; a server refuses a call before running it when the version differs (<c>VersionNotMatch</c>) or
/// when its <c>client_keys</c> are set and do not hold the key (<c>NoSuchAccessKey</c>).
/// </summary>
/// <remarks>
/// A request that carries no <c>service_version</c> at all (a plain zerorpc peer) is not refused for its version,
/// so Python and Node clients keep working; <c>client_keys</c> still apply to them.
/// </remarks>
public sealed class CustomHeaderMiddleware : IZeroRpcMiddleware
{
    /// <summary>The header key of the service name.</summary>
    public const string ServiceNameKey = "service_name";

    /// <summary>The header key of the service version.</summary>
    public const string ServiceVersionKey = "service_version";

    /// <summary>The header key of the access key.</summary>
    public const string AccessKeyKey = "access_key";

    private readonly Config _config;
    private readonly string _serviceName;
    private readonly string? _version;

    /// <summary>Creates the middleware for one server or client of <paramref name="serviceName"/>.</summary>
    /// <param name="config">The application configuration.</param>
    /// <param name="serviceName">The service served or called.</param>
    /// <param name="version">The server's version, or the version the client asks for (<c>null</c>: the default).</param>
    public CustomHeaderMiddleware(Config config, string serviceName, string? version)
    {
        _config = config;
        _serviceName = serviceName;
        _version = version;
    }

    /// <inheritdoc />
    public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
    {
        if (call is null)
        {
            return;
        }
        var entry = ServiceConfig.Read(_config, _serviceName);
        var accessKey = entry.AccessKey
            ?? throw new MissingAccessKeyException(entry.ConfigKey, $"{entry.ConfigKey} has no access_key, which calls to '{_serviceName}' must send");
        header[ServiceNameKey] = _serviceName;
        header[ServiceVersionKey] = _version ?? entry.DefaultVersion;
        header[AccessKeyKey] = accessKey;
    }

    /// <inheritdoc />
    public ValueTask ServerBeforeExecAsync(ServerCallContext call)
    {
        var sentVersion = call.Header.GetContextString(ServiceVersionKey);
        if (sentVersion is not null && _version is not null && sentVersion != _version)
        {
            throw new ZeroRpcException("VersionNotMatch",
                $"{_serviceName} is version {_version}, the call asked for version {sentVersion}");
        }
        var clientKeys = _config.ContainsKey(ServiceConfig.KeyFor(_serviceName))
            ? ServiceConfig.Read(_config, _serviceName).ClientKeys
            : null;
        if (clientKeys is not null)
        {
            var key = call.Header.GetContextString(AccessKeyKey);
            if (key is null || !clientKeys.Contains(key))
            {
                throw new ZeroRpcException("NoSuchAccessKey",
                    key is null ? $"{_serviceName} requires an access key and none was sent" : $"{_serviceName} does not accept the access key '{key}'");
            }
        }
        return default;
    }
}
