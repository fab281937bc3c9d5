using System.Runtime.CompilerServices;
using Zask.Zmtp.Security;

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
        "registry", "registry_ttl", "registry_username", "registry_password", "registry_ca_file", "advertise",
        "client_public_keys", "health_public", "roles", "events",
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

    /// <summary>
    /// The etcd registry the service's servers register in and its clients resolve from (the <c>registry</c> key,
    /// with <c>registry_ttl</c>, <c>registry_username</c>, <c>registry_password</c>, <c>registry_ca_file</c>);
    /// <c>null</c> when the entry lists endpoints statically.
    /// </summary>
    public Zask.Registry.Etcd.EtcdRegistrySettings? Registry { get; private set; }

    /// <summary>
    /// The host a server registers instead of the one it binds (the <c>advertise</c> key): needed when it binds
    /// <c>*</c>, <c>0.0.0.0</c> or a private address clients cannot reach.
    /// </summary>
    public string? Advertise { get; private set; }

    /// <summary>
    /// The CurveZMQ public keys (Z85) of the clients the server accepts; <c>null</c> accepts every client that knows
    /// the server's public key. A client not listed is refused during the handshake with a ZMTP ERROR.
    /// </summary>
    public IReadOnlyList<string>? ClientPublicKeys { get; private set; }

    /// <summary>
    /// <c>true</c> when the built-in <c>_zask_health</c> method answers callers without an access key (the
    /// <c>health_public</c> key, for probes that hold none); by default it needs a key like any other method.
    /// </summary>
    public bool HealthPublic { get; private set; }

    /// <summary>
    /// Access keys grouped into roles (the <c>roles</c> key: <c>{"admin": ["key1"], "reader": ["key1", "key2"]}</c>),
    /// each key one of <see cref="ClientKeys"/>; <c>null</c> when the entry gives no roles, and then methods that
    /// require a role are open to every accepted caller.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Roles { get; private set; }

    /// <summary>
    /// The endpoint the service publishes its events on (the <c>events</c> key, e.g. <c>"tcp://10.0.0.1:5001"</c>):
    /// its server binds a ZeroRPC PUB socket there, and apps that subscribe to the service connect to it.
    /// </summary>
    public string? Events { get; private set; }

    /// <summary>The configuration key for a service name: <c>ZERORPC_</c> + the name in upper case.</summary>
    public static string KeyFor(string serviceName) => "ZERORPC_" + serviceName.ToUpperInvariant().Replace('-', '_').Replace('.', '_');

    /// <summary>
    /// Reads and validates the entry for <paramref name="serviceName"/>. Every key must be known (a version, or one
    /// of <c>default</c>, <c>access_key</c>, <c>client_keys</c>, <c>server_public_key</c>, <c>server_secret_key</c>,
    /// <c>server_key_file</c>, <c>client_public_keys</c>) and every value of its documented shape; <c>null</c> counts as absent.
    /// </summary>
    /// <exception cref="MissingConfigException">There is no entry.</exception>
    /// <exception cref="InvalidServiceConfigException">The entry is not an object, has an unknown key, or a value of the wrong shape.</exception>
    public static ServiceConfig Read(Config config, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(config);
        var key = KeyFor(serviceName);
        if (!config.TryGetValue(key, out var raw) || raw is null)
        {
            throw new MissingConfigException(key, $"no configuration entry {key} for service '{serviceName}'");
        }
        return Parse(config, key, serviceName, raw);
    }

    /// <summary>
    /// Validates every service entry in <paramref name="config"/>: each <c>ZERORPC_*</c> key except
    /// <c>ZERORPC_ACCESS_LOG</c>. The ZeroRPC extension runs this when the app starts.
    /// </summary>
    /// <exception cref="InvalidServiceConfigException">The first entry found at fault.</exception>
    public static void ValidateAll(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var (key, raw) in config)
        {
            if (!key.StartsWith(EntryPrefix, StringComparison.Ordinal) || key == AccessLogKey || key == InprocKey || raw is null)
            {
                continue;
            }
            Parse(config, key, key[EntryPrefix.Length..].ToLowerInvariant(), raw);
        }
    }

    private const string EntryPrefix = "ZERORPC_";

    private const string AccessLogKey = "ZERORPC_ACCESS_LOG";

    /// <summary>
    /// The setting that moves every service in process (the test host sets it): a name unique in the process; each
    /// version's endpoints become <c>inproc://NAME/SERVICE/VERSION/N</c>, so a server of the app and its clients meet
    /// there with no port.
    /// </summary>
    public const string InprocKey = "ZERORPC_INPROC";

    private static string? InprocName(Config config)
    {
        if (!config.TryGetValue(InprocKey, out var raw) || raw is null)
        {
            return null;
        }
        return raw is string { Length: > 0 } name && !name.Any(char.IsWhiteSpace)
            ? name
            : throw new InvalidServiceConfigException(InprocKey, null, SafeText.Shape(raw), "a name without spaces, unique in the process");
    }

    private static ServiceConfig Parse(Config config, string key, string serviceName, object raw)
    {
        var entry = raw as IReadOnlyDictionary<string, object?> ?? AsEntry(raw);
        if (entry is null)
        {
            throw new InvalidServiceConfigException(key, null, SafeText.Shape(raw),
                "an object of versions and keys (\"1.0\": endpoint, \"default\", \"access_key\", \"client_keys\"...)");
        }
        // In process, endpoints depend on ZERORPC_INPROC as well as on the entry: not cached.
        var cacheable = raw is System.Collections.ObjectModel.ReadOnlyDictionary<string, object?> && InprocName(config) is null;
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
            if (ReadVersion(key, name, value) is { } endpoints)
            {
                versions[name] = endpoints;
            }
        }
        result.Versions = InprocName(config) is { } inproc
            ? versions.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)[.. v.Value.Select((_, i) => $"inproc://{inproc}/{serviceName}/{v.Key}/{i}")], StringComparer.Ordinal)
            : versions;
        result.Registry = ReadRegistry(key, entry);
        result.Advertise = ReadAdvertise(key, entry);
        result.DefaultVersion = ReadDefault(key, entry, versions, result.Registry is not null);
        result.AccessKey = ReadSecretString(key, entry, "access_key", "a non-empty string (the key this application sends)");
        result.ClientKeys = ReadClientKeys(key, entry);
        result.ServerPublicKey = ReadCurveKey(key, entry, "server_public_key");
        result.ServerSecretKey = ReadCurveKey(key, entry, "server_secret_key");
        result.ClientPublicKeys = ReadClientPublicKeys(key, entry);
        result.HealthPublic = ReadHealthPublic(key, entry);
        result.Roles = ReadRoles(key, entry, result.ClientKeys);
        result.Events = ReadEvents(key, entry);
        if (entry.TryGetValue("server_key_file", out var keyFile) && keyFile is not null)
        {
            if (keyFile is not string path || path.Length == 0)
            {
                throw new InvalidServiceConfigException(key, "server_key_file", SafeText.Value(keyFile),
                    "the path of a file with public=<Z85> and secret=<Z85> lines");
            }
            (result.ServerPublicKey, result.ServerSecretKey) = ReadKeyFile(config, key, path);
        }
        if (cacheable)
        {
            Parsed.AddOrUpdate(raw, result);
        }
        return result;
    }

    // A dictionary of another value type assigned in code (Dictionary<string, string>, Hashtable) reads the same.
    private static Dictionary<string, object?>? AsEntry(object raw)
    {
        if (raw is not System.Collections.IDictionary dictionary)
        {
            return null;
        }
        var entry = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry pair in dictionary)
        {
            if (pair.Key is not string name)
            {
                return null;
            }
            entry[name] = pair.Value;
        }
        return entry;
    }

    private static IReadOnlyList<string>? ReadVersion(string key, string name, object? value)
    {
        // A misspelt known key ("client_key", "Default") must not pass for a version: that is how checks got lost.
        var (closest, distance) = Closest(name);
        if (distance <= 2)
        {
            throw new InvalidServiceConfigException(key, name, SafeText.Shape(value),
                KnownKeys, $"\"{name}\" is not a known key; did you mean \"{closest}\"?");
        }
        if (value is null)
        {
            return null;
        }
        var endpoints = value switch
        {
            string endpoint => [endpoint],
            IEnumerable<object?> list => list.Select(e => e as string).ToArray(),
            _ => null,
        };
        if (endpoints is null || endpoints.Length == 0 || endpoints.Any(e => e is null || !IsEndpoint(e)))
        {
            var found = value is string text ? SafeText.Quote(text, SafeText.MaxShown) : SafeText.Shape(value);
            throw new InvalidServiceConfigException(key, name, found,
                "a version's endpoint (\"tcp://host:port\") or a non-empty list of endpoints",
                distance <= name.Length / 3
                    ? $"If \"{name}\" is not meant as a version: did you mean \"{closest}\"? The known keys are {string.Join(", ", ReservedKeys.Order(StringComparer.Ordinal))}."
                    : $"If \"{name}\" is not meant as a version, the known keys are {string.Join(", ", ReservedKeys.Order(StringComparer.Ordinal))}.");
        }
        return endpoints!;
    }

    private static string? ReadDefault(string key, IReadOnlyDictionary<string, object?> entry, Dictionary<string, IReadOnlyList<string>> versions,
        bool fromRegistry)
    {
        if (!entry.TryGetValue("default", out var value) || value is null)
        {
            return null;
        }
        if (fromRegistry && value is string { Length: > 0 } registered)
        {
            // With a registry the versions live in etcd, so any version name may be the default.
            return registered;
        }
        var expected = versions.Count == 0
            ? "the name of one of the entry's versions (it has none)"
            : $"the name of one of the entry's versions ({string.Join(", ", versions.Keys.Select(v => $"\"{v}\""))})";
        return value is string version && versions.ContainsKey(version)
            ? version
            : throw new InvalidServiceConfigException(key, "default", SafeText.Value(value), expected);
    }

    private static Zask.Registry.Etcd.EtcdRegistrySettings? ReadRegistry(string key, IReadOnlyDictionary<string, object?> entry)
    {
        if (!entry.TryGetValue("registry", out var value) || value is null)
        {
            foreach (var dependent in new[] { "registry_ttl", "registry_username", "registry_password", "registry_ca_file" })
            {
                if (entry.TryGetValue(dependent, out var orphan) && orphan is not null)
                {
                    throw new InvalidServiceConfigException(key, dependent, dependent == "registry_password" ? SafeText.Secret(orphan) : SafeText.Value(orphan),
                        "to be set only together with \"registry\" (an etcd://host:2379/prefix URI)");
                }
            }
            return null;
        }
        if (value is not string uri)
        {
            throw new InvalidServiceConfigException(key, "registry", SafeText.Shape(value), "an etcd://host:2379/prefix URI");
        }
        TimeSpan? ttl = null;
        if (entry.TryGetValue("registry_ttl", out var ttlValue) && ttlValue is not null)
        {
            ttl = ttlValue switch
            {
                int i => TimeSpan.FromSeconds(i),
                long l when l is > 0 and <= 3600 => TimeSpan.FromSeconds(l),
                double d when d is > 0 and <= 3600 => TimeSpan.FromSeconds(d),
                // Sources that only have strings (command line, secrets stores) spell the number as text.
                string text when double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600 => TimeSpan.FromSeconds(seconds),
                _ => throw new InvalidServiceConfigException(key, "registry_ttl", SafeText.Value(ttlValue), "a number of seconds from 2 to 3600"),
            };
        }
        var username = ReadPlainString(key, entry, "registry_username", "the etcd user name");
        var password = ReadSecretString(key, entry, "registry_password", "the etcd password");
        var caFile = ReadPlainString(key, entry, "registry_ca_file", "the path of the PEM file of etcd's certificate authority");
        return Zask.Registry.Etcd.EtcdRegistrySettings.Create(uri, key + ".registry", username, password, caFile, ttl);
    }

    private static string? ReadAdvertise(string key, IReadOnlyDictionary<string, object?> entry)
    {
        var advertise = ReadPlainString(key, entry, "advertise", "the host name or IP address clients reach the server at");
        if (advertise is not null && Uri.CheckHostName(advertise) == UriHostNameType.Unknown)
        {
            throw new InvalidServiceConfigException(key, "advertise", SafeText.Value(advertise), "the host name or IP address clients reach the server at");
        }
        return advertise;
    }

    // A switch that opens a method to callers without a key: anything but a clear true or false stops the app.
    private static bool ReadHealthPublic(string key, IReadOnlyDictionary<string, object?> entry)
    {
        if (!entry.TryGetValue("health_public", out var value) || value is null)
        {
            return false;
        }
        return value switch
        {
            bool flag => flag,
            string text when bool.TryParse(text.Trim(), out var parsed) => parsed,
            _ => throw new InvalidServiceConfigException(key, "health_public", SafeText.Value(value), "true or false"),
        };
    }

    private static string? ReadPlainString(string key, IReadOnlyDictionary<string, object?> entry, string name, string expected)
    {
        if (!entry.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }
        return value is string { Length: > 0 } text ? text : throw new InvalidServiceConfigException(key, name, SafeText.Value(value), expected);
    }

    private static string? ReadSecretString(string key, IReadOnlyDictionary<string, object?> entry, string name, string expected)
    {
        if (!entry.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }
        return value is string { Length: > 0 } text
            ? text
            : throw new InvalidServiceConfigException(key, name, SafeText.Secret(value), expected);
    }

    private static string[]? ReadClientKeys(string key, IReadOnlyDictionary<string, object?> entry)
    {
        if (!entry.TryGetValue("client_keys", out var value) || value is null)
        {
            return null;
        }
        const string expected = "a list of strings (the access keys the server accepts)";
        if (value is not IEnumerable<object?> list || value is string)
        {
            // A single key given as a string once turned every check off; it is an error, not a one-key list.
            throw new InvalidServiceConfigException(key, "client_keys", value is string ? "a single string " + SafeText.Secret(value) : SafeText.Shape(value), expected);
        }
        var keys = list.ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is not string { Length: > 0 })
            {
                throw new InvalidServiceConfigException(key, "client_keys", $"item {i} is {SafeText.Shape(keys[i])}", expected);
            }
        }
        return keys.Cast<string>().ToArray();
    }

    private static Dictionary<string, IReadOnlyList<string>>? ReadRoles(string key, IReadOnlyDictionary<string, object?> entry,
        IReadOnlyList<string>? clientKeys)
    {
        if (!entry.TryGetValue("roles", out var value) || value is null)
        {
            return null;
        }
        const string expected = "an object of role names, each a list of access keys from client_keys ({\"admin\": [\"key1\"]})";
        var roles = value as IReadOnlyDictionary<string, object?> ?? AsEntry(value)
            ?? throw new InvalidServiceConfigException(key, "roles", SafeText.Shape(value), expected);
        if (clientKeys is null)
        {
            // Roles without client_keys would let any key (or none) through the key check and then group nothing.
            throw new InvalidServiceConfigException(key, "roles", "roles but no client_keys", expected,
                "Add client_keys listing every access key the roles name.");
        }
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (role, members) in roles)
        {
            if (role.Length == 0 || members is not IEnumerable<object?> list || members is string)
            {
                throw new InvalidServiceConfigException(key, "roles",
                    $"role {SafeText.Value(role)} holding {(members is string ? "a single string " + SafeText.Secret(members) : SafeText.Shape(members))}", expected);
            }
            var keys = list.ToArray();
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] is not string { Length: > 0 } accessKey)
                {
                    throw new InvalidServiceConfigException(key, "roles", $"role \"{role}\" item {i} is {SafeText.Shape(keys[i])}", expected);
                }
                if (!clientKeys.Contains(accessKey))
                {
                    throw new InvalidServiceConfigException(key, "roles",
                        $"role \"{role}\" naming {SafeText.Secret(accessKey)}, which is not one of client_keys", expected);
                }
            }
            result[role] = keys.Cast<string>().ToArray();
        }
        return result;
    }

    private static string? ReadEvents(string key, IReadOnlyDictionary<string, object?> entry)
    {
        var events = ReadPlainString(key, entry, "events", "the endpoint the service publishes its events on (\"tcp://host:port\")");
        return events is null || IsEndpoint(events)
            ? events
            : throw new InvalidServiceConfigException(key, "events", SafeText.Value(events), "the endpoint the service publishes its events on (\"tcp://host:port\")");
    }

    private static string[]? ReadClientPublicKeys(string key, IReadOnlyDictionary<string, object?> entry)
    {
        if (!entry.TryGetValue("client_public_keys", out var value) || value is null)
        {
            return null;
        }
        const string expected = "a list of CurveZMQ public keys (40 characters of Z85 each) of the clients the server accepts";
        if (value is not IEnumerable<object?> list || value is string)
        {
            // A single key given as a string is an error, not a one-key list: security fails closed.
            throw new InvalidServiceConfigException(key, "client_public_keys",
                value is string ? "a single string " + SafeText.Value(value) : SafeText.Shape(value), expected);
        }
        var keys = list.ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is not string text || !IsCurveKey(text))
            {
                throw new InvalidServiceConfigException(key, "client_public_keys",
                    $"item {i} is {DescribeCurveKey("client_public_keys", keys[i])}", expected);
            }
        }
        return keys.Cast<string>().ToArray();
    }

    private static string? ReadCurveKey(string key, IReadOnlyDictionary<string, object?> entry, string name)
    {
        if (!entry.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }
        return value is string text && IsCurveKey(text)
            ? text
            : throw new InvalidServiceConfigException(key, name, DescribeCurveKey(name, value), CurveKeyExpected);
    }

    // What a key setting must hold, for error messages.
    private const string CurveKeyExpected = "a CurveZMQ key: 40 characters of Z85 text (32 bytes)";

    private static bool IsCurveKey(string text) => Z85.KeyProblem(text) is null;

    private static string DescribeCurveKey(string name, object? value)
    {
        // A public key is no secret; a bad secret key is still shown by its fingerprint only.
        var shown = name.Contains("secret", StringComparison.Ordinal) ? SafeText.Secret(value) : SafeText.Value(value);
        return value is string text ? $"{shown}, {Z85.KeyProblem(text)}" : shown;
    }

    private const string KnownKeys =
        "a version (\"1.0\": an endpoint or a list of endpoints) or one of default, access_key, client_keys, server_public_key, server_secret_key, server_key_file, client_public_keys, registry, registry_ttl, registry_username, registry_password, registry_ca_file, advertise, health_public, roles, events";

    // The known key a name is most likely a misspelling of, and how many edits away it is (case aside).
    private static (string Key, int Distance) Closest(string name)
    {
        var lower = name.ToLowerInvariant();
        var best = string.Empty;
        var bestDistance = int.MaxValue;
        foreach (var known in ReservedKeys)
        {
            var distance = EditDistance(lower, known);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (known, distance);
            }
        }
        return (best, bestDistance);
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    // scheme://address, as ZeroMQ endpoints are written (tcp://, ipc://, inproc://...).
    private static bool IsEndpoint(string endpoint)
    {
        var separator = endpoint.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && separator + 3 < endpoint.Length &&
               endpoint[..separator].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '-' or '.') &&
               !endpoint.Any(char.IsWhiteSpace);
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
            throw new InvalidServiceConfigException(key, "server_key_file", $"\"{full}\", which does not exist",
                "the path of a file with public=<Z85> and secret=<Z85> lines (a relative path is taken from the app's root)");
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
        if (publicKey is not null && !IsCurveKey(publicKey))
        {
            throw new InvalidServiceConfigException(key, "server_key_file",
                $"a public= line in {full} with {SafeText.Value(publicKey)}, {Z85.KeyProblem(publicKey)}", CurveKeyExpected);
        }
        if (secretKey is not null && !IsCurveKey(secretKey))
        {
            throw new InvalidServiceConfigException(key, "server_key_file",
                $"a secret= line in {full} with {SafeText.Secret(secretKey)}, {Z85.KeyProblem(secretKey)}", CurveKeyExpected);
        }
        return (publicKey, secretKey);
    }
}
