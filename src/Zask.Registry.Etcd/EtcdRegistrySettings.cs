namespace Zask.Registry.Etcd;

/// <summary>
/// Everything needed to reach one etcd registry: the parsed URI plus credentials and TLS files, which come from the
/// URI, from the service entry, or from the environment (<c>ZASK_ETCD_USERNAME</c>, <c>ZASK_ETCD_PASSWORD</c>,
/// <c>ZASK_ETCD_CA_FILE</c>), in that order of precedence after the entry.
/// </summary>
public sealed class EtcdRegistrySettings
{
    /// <summary>Environment variable for the etcd user when neither the URI nor the entry names one.</summary>
    public const string UsernameVariable = "ZASK_ETCD_USERNAME";

    /// <summary>Environment variable for the etcd password when neither the URI nor the entry gives one.</summary>
    public const string PasswordVariable = "ZASK_ETCD_PASSWORD";

    /// <summary>Environment variable for the CA file when neither the URI nor the entry gives one.</summary>
    public const string CaFileVariable = "ZASK_ETCD_CA_FILE";

    /// <summary>The lease TTL used when none is configured.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(10);

    private EtcdRegistrySettings(EtcdRegistryUri uri, string configKey, Setting user, Setting password, Setting caFile, TimeSpan ttl)
    {
        Uri = uri;
        ConfigKey = configKey;
        Username = user.Value;
        UsernameSource = user.Source;
        Password = password.Value;
        PasswordSource = password.Source;
        CaFile = caFile.Value;
        CaFileSource = caFile.Source;
        Ttl = ttl;
    }

    /// <summary>The setting the URI came from (e.g. <c>ZERORPC_ORDERS.registry</c>), named in errors.</summary>
    public string ConfigKey { get; }

    /// <summary>Where <see cref="Username"/> came from (the URI's setting, the entry key, or the variable), named in errors.</summary>
    public string? UsernameSource { get; }

    /// <summary>Where <see cref="Password"/> came from, named in errors (e.g. <c>ZERORPC_ORDERS.registry_password</c>).</summary>
    public string? PasswordSource { get; }

    /// <summary>Where <see cref="CaFile"/> came from, named in errors (e.g. <c>ZERORPC_ORDERS.registry_ca_file</c>).</summary>
    public string? CaFileSource { get; }

    /// <summary>The registry URI.</summary>
    public EtcdRegistryUri Uri { get; }

    /// <summary>The etcd user, or <c>null</c> when etcd runs without authentication.</summary>
    public string? Username { get; }

    /// <summary>The etcd password (set whenever <see cref="Username"/> is).</summary>
    public string? Password { get; }

    /// <summary>The CA file that signed etcd's certificate, or <c>null</c> for the system's trust store.</summary>
    public string? CaFile { get; }

    /// <summary><c>true</c> to talk TLS.</summary>
    public bool UseTls => Uri.UseTls || CaFile is not null;

    /// <summary>The lease TTL: how long a crashed server stays listed.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>Builds settings, checking every part.</summary>
    /// <param name="uri">The registry URI (e.g. <c>etcd://etcd-1:2379,etcd-2:2379/zask</c>).</param>
    /// <param name="configKey">The setting the URI came from, named in errors.</param>
    /// <param name="username">The user from the config entry, or <c>null</c>.</param>
    /// <param name="password">The password from the config entry, or <c>null</c>.</param>
    /// <param name="caFile">The CA file from the config entry, or <c>null</c>.</param>
    /// <param name="ttl">The lease TTL, or <c>null</c> for <see cref="DefaultTtl"/>; whole seconds from 2 to 3600.</param>
    /// <param name="environment">Reads an environment variable; <c>null</c> for the process environment.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="RegistryConfigException">A part is malformed or inconsistent.</exception>
    public static EtcdRegistrySettings Create(string? uri, string configKey, string? username = null, string? password = null,
        string? caFile = null, TimeSpan? ttl = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var parsed = EtcdRegistryUri.Parse(uri, configKey);
        var user = Pick(parsed.Username, username, "registry_username", UsernameVariable);
        var pass = Pick(parsed.Password, password, "registry_password", PasswordVariable);
        var ca = Pick(parsed.CaFile, caFile, "registry_ca_file", CaFileVariable);
        if (user.Value is not null && pass.Value is null)
        {
            throw new RegistryConfigException(configKey, $"etcd user '{user.Value}' is set but no password (give it in the URI, the entry's registry_password or {PasswordVariable})");
        }
        if (user.Value is null && pass.Value is not null)
        {
            throw new RegistryConfigException(configKey, $"an etcd password is set but no user (give it in the URI, the entry's registry_username or {UsernameVariable})");
        }
        if (ca.Value is not null)
        {
            CheckCaFile(ca.Value, ca.Source!);
        }
        var lease = ttl ?? DefaultTtl;
        if (lease < TimeSpan.FromSeconds(2) || lease > TimeSpan.FromHours(1) || lease.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new RegistryConfigException(configKey, $"the registry TTL must be whole seconds from 2 to 3600, not {lease.TotalSeconds} s");
        }
        return new EtcdRegistrySettings(parsed, configKey, user, pass, ca, lease);

        // The URI wins, then the entry, then the environment; each value remembers where it came from for errors.
        Setting Pick(string? fromUri, string? fromEntry, string entryKey, string variable) =>
            fromUri is not null ? new(fromUri, configKey)
            : NullIfEmpty(fromEntry) is { } entry ? new(entry, EntrySetting(configKey, entryKey))
            : NullIfEmpty(environment(variable)) is { } env ? new(env, variable)
            : new(null, null);
    }

    /// <summary>The name of a sibling key of the registry URI's setting: <c>ZERORPC_X.registry</c> gives <c>ZERORPC_X.registry_password</c>.</summary>
    private static string EntrySetting(string configKey, string entryKey)
    {
        const string suffix = ".registry";
        return configKey.EndsWith(suffix, StringComparison.Ordinal) ? configKey[..^suffix.Length] + "." + entryKey : $"{configKey} ({entryKey})";
    }

    /// <summary>Fails at start, naming the setting, on a CA file that is missing or is not a PEM or DER certificate.</summary>
    private static void CheckCaFile(string path, string source)
    {
        if (!File.Exists(path))
        {
            throw new RegistryConfigException(source, $"the etcd CA file '{path}' does not exist");
        }
        try
        {
            using var _ = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new RegistryConfigException(source, $"the etcd CA file '{path}' is not a PEM or DER certificate ({e.Message})");
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private readonly record struct Setting(string? Value, string? Source);
}
