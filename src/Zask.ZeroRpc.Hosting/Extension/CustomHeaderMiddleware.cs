using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// The original's custom header: a client adds <c>service_name</c>, <c>service_version</c> and <c>access_key</c> to
/// every request; a server refuses a call before running it when the request names another service
/// (<c>ServiceNotMatch</c>), when the version differs (<c>VersionNotMatch</c>) or when its <c>client_keys</c> are set
/// and do not hold the key (<c>NoSuchAccessKey</c>).
/// </summary>
/// <remarks>
/// A request that carries no <c>service_name</c> or <c>service_version</c> at all (a plain zerorpc peer) is not refused
/// for them, so Python and Node clients keep working; <c>client_keys</c> still apply to them.
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
    /// <remarks>
    /// Checks, in order: the service name (a call meant for another service is refused with <c>ServiceNotMatch</c>),
    /// the version (<c>VersionNotMatch</c>), then the access key (<c>NoSuchAccessKey</c>). Messages show header
    /// values cut to a sane length and a refused key only as a short prefix and a fingerprint.
    /// </remarks>
    public ValueTask ServerBeforeExecAsync(ServerCallContext call)
    {
        var context = call.Header.Context;
        if (context.TryGetValue(ServiceNameKey, out var sentName) && sentName is not null)
        {
            var name = AsText(sentName);
            // Names that select the same ZERORPC_ entry are the same service ("some-service", "SOME_SERVICE").
            if (name is null || ServiceConfig.KeyFor(name) != ServiceConfig.KeyFor(_serviceName))
            {
                throw new ZeroRpcException("ServiceNotMatch",
                    $"this is service '{_serviceName}', the call was meant for service {SafeText.Value(sentName)}");
            }
        }
        if (context.TryGetValue(ServiceVersionKey, out var sentVersion) && sentVersion is not null && _version is not null)
        {
            var version = AsText(sentVersion);
            if (version != _version)
            {
                throw new ZeroRpcException("VersionNotMatch",
                    $"{_serviceName} is version {_version}, the call asked for version {SafeText.Value(sentVersion)}");
            }
        }
        var entry = _config.ContainsKey(ServiceConfig.KeyFor(_serviceName)) ? ServiceConfig.Read(_config, _serviceName) : null;
        var clientKeys = entry?.ClientKeys;
        // The health method is open to callers without a key only when the entry says so (health_public).
        if (clientKeys is not null && !(entry!.HealthPublic && call.MethodName == HealthMethods.MethodName))
        {
            context.TryGetValue(AccessKeyKey, out var sentKey);
            var key = sentKey is null ? null : AsText(sentKey);
            if (key is null || !clientKeys.Contains(key))
            {
                throw new ZeroRpcException("NoSuchAccessKey", sentKey switch
                {
                    null => $"{_serviceName} requires an access key and none was sent",
                    _ when key is null => $"{_serviceName} requires an access key as a string, the call sent {SafeText.Shape(sentKey)}",
                    _ => $"{_serviceName} does not accept the access key {SafeText.Secret(key)}",
                });
            }
        }
        return default;
    }

    // Header strings arrive as str, or as bin from older msgpack peers; anything else is not a name or a key.
    private static string? AsText(object value) => value switch
    {
        string text => text,
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        _ => null,
    };
}
