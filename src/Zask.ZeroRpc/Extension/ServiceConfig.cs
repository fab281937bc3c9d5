using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// One service's entry in the configuration, <c>ZERORPC_&lt;SERVICE_NAME&gt;</c>: endpoints per version, the default
/// version, the access key clients send and the keys the server accepts.
/// </summary>
/// <example>
/// <code>
/// "ZERORPC_SOME_SERVICE": {
///   "1.0": "tcp://10.0.0.1:5000",
///   "2.0": ["tcp://10.0.0.2:5000", "tcp://10.0.0.3:5000"],
///   "default": "2.0",
///   "access_key": "foo_client_key",
///   "client_keys": ["foo_client_key", "bar_client_key"]
/// }
/// </code>
/// </example>
public sealed class ServiceConfig
{
    private static readonly HashSet<string> ReservedKeys = new(StringComparer.Ordinal)
    {
        "default", "access_key", "client_keys", "server_public_key", "server_secret_key", "server_key_file",
    };

    // Parsed entries by the immutable value they came from: the custom header middleware reads the entry on every
    // call, and a changed config stores a new value, so nothing stale is ever returned (and nothing is kept alive).
    private static readonly ConditionalWeakTable<object, ServiceConfig> Parsed = new();

    private ServiceConfig(string serviceName, string configKey)
    {
        ServiceName = serviceName;
        ConfigKey = configKey;
    }

    /// <summary>The service name.</summary>
    public string ServiceName { get; }

    /// <summary>The configuration key the entry was read from.</summary>
    public string ConfigKey { get; }

    /// <summary>Endpoints by version.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Versions { get; private set; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The version used when none is asked for.</summary>
    public string? DefaultVersion { get; private set; }

    /// <summary>The key a client of this service sends.</summary>
    public string? AccessKey { get; private set; }

    /// <summary>The keys the server accepts; <c>null</c> accepts any key.</summary>
    public IReadOnlyList<string>? ClientKeys { get; private set; }

    /// <summary>The server's CurveZMQ public key (Z85), when traffic is encrypted.</summary>
    public string? ServerPublicKey { get; private set; }

    /// <summary>The server's CurveZMQ secret key (Z85); only the server's own config holds it.</summary>
    public string? ServerSecretKey { get; private set; }

    /// <summary>The configuration key for a service name: <c>ZERORPC_</c> + the name in upper case.</summary>
    public static string KeyFor(string serviceName) => "ZERORPC_" + serviceName.ToUpperInvariant().Replace('-', '_').Replace('.', '_');

    /// <summary>Reads the entry for <paramref name="serviceName"/>.</summary>
    /// <exception cref="MissingConfigException">There is no entry, or it is not an object.</exception>
    public static ServiceConfig Read(Config config, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(config);
        var key = KeyFor(serviceName);
        if (!config.TryGetValue(key, out var raw) || raw is null)
        {
            throw new MissingConfigException(key, $"no configuration entry {key} for service '{serviceName}'");
        }
        if (raw is not IReadOnlyDictionary<string, object?> entry)
        {
            throw new MissingConfigException(key, $"{key} must be an object of versions and keys, got {raw.GetType().Name}");
        }
        var cacheable = raw is ReadOnlyDictionary<string, object?>;
        if (cacheable && Parsed.TryGetValue(raw, out var known) && known.ServiceName == serviceName)
        {
            return known;
        }
        var result = new ServiceConfig(serviceName, key);
        var versions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in entry)
        {
            if (ReservedKeys.Contains(name))
            {
                continue;
            }
            versions[name] = value switch
            {
                string endpoint => [endpoint],
                IEnumerable<object?> list when list.All(e => e is string) => list.Cast<string>().ToArray(),
                _ => throw new MissingConfigException($"{key}:{name}", $"{key}:{name} must be an endpoint or a list of endpoints"),
            };
        }
        result.Versions = versions;
        result.DefaultVersion = entry.TryGetValue("default", out var def) ? def?.ToString() : null;
        result.AccessKey = entry.TryGetValue("access_key", out var accessKey) ? accessKey as string : null;
        result.ClientKeys = entry.TryGetValue("client_keys", out var keys) && keys is IEnumerable<object?> keyList
            ? keyList.Select(k => k?.ToString() ?? "").ToArray()
            : null;
        result.ServerPublicKey = entry.TryGetValue("server_public_key", out var publicKey) ? publicKey as string : null;
        result.ServerSecretKey = entry.TryGetValue("server_secret_key", out var secretKey) ? secretKey as string : null;
        if (entry.TryGetValue("server_key_file", out var keyFile) && keyFile is string path)
        {
            (result.ServerPublicKey, result.ServerSecretKey) = ReadKeyFile(config, key, path);
        }
        if (cacheable)
        {
            Parsed.AddOrUpdate(raw, result);
        }
        return result;
    }

    /// <summary>
    /// The endpoints of a version, or of the default version when <paramref name="version"/> is <c>null</c>.
    /// </summary>
    /// <exception cref="NoDefaultVersionException">No version was asked for and the entry has no default.</exception>
    /// <exception cref="UnknownVersionException">The entry has no such version.</exception>
    public IReadOnlyList<string> EndpointsFor(string? version)
    {
        var chosen = version ?? DefaultVersion
            ?? throw new NoDefaultVersionException(ConfigKey, $"{ConfigKey} has no \"default\" version and none was asked for");
        return Versions.TryGetValue(chosen, out var endpoints)
            ? endpoints
            : throw new UnknownVersionException(ConfigKey, $"{ConfigKey} has no version \"{chosen}\" (it has: {string.Join(", ", Versions.Keys)})");
    }

    private static (string?, string?) ReadKeyFile(Config config, string key, string path)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(config.RootPath, path);
        if (!File.Exists(full))
        {
            throw new MissingConfigException($"{key}:server_key_file", $"{key}:server_key_file names {full}, which does not exist");
        }
        // The file holds "public=<z85>" and, on the server, "secret=<z85>" lines.
        string? publicKey = null, secretKey = null;
        foreach (var line in File.ReadAllLines(full))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2) continue;
            if (parts[0] == "public") publicKey = parts[1];
            if (parts[0] == "secret") secretKey = parts[1];
        }
        return (publicKey, secretKey);
    }
}
