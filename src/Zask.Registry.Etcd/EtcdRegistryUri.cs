using System.Globalization;

namespace Zask.Registry.Etcd;

/// <summary>
/// A registry URI: <c>etcd://[user[:password]@]host[:port][,host[:port]...]/prefix[?tls=true&amp;ca_file=/path]</c>,
/// or <c>etcds://...</c> for TLS (the same as <c>?tls=true</c>).
/// The hosts are members of one etcd cluster (the port defaults to 2379); the prefix roots every key Zask writes or
/// reads, so several fleets can share a cluster. User and password are percent-decoded.
/// </summary>
public sealed class EtcdRegistryUri
{
    /// <summary>The client port etcd listens on unless told otherwise.</summary>
    public const int DefaultPort = 2379;

    private EtcdRegistryUri(IReadOnlyList<EtcdHost> hosts, string prefix, bool useTls, string? caFile, string? username, string? password)
    {
        Hosts = hosts;
        Prefix = prefix;
        UseTls = useTls;
        CaFile = caFile;
        Username = username;
        Password = password;
    }

    /// <summary>The cluster members to talk to, in the order given.</summary>
    public IReadOnlyList<EtcdHost> Hosts { get; }

    /// <summary>The key prefix, starting with <c>/</c> and without a trailing <c>/</c> (e.g. <c>/zask</c>).</summary>
    public string Prefix { get; }

    /// <summary><c>true</c> to talk to etcd over TLS (<c>?tls=true</c>).</summary>
    public bool UseTls { get; }

    /// <summary>A PEM file of the certificate authority that signed etcd's certificates (<c>?ca_file=</c>); <c>null</c> to use the system's.</summary>
    public string? CaFile { get; }

    /// <summary>The etcd user from the URI, or <c>null</c>.</summary>
    public string? Username { get; }

    /// <summary>The etcd password from the URI, or <c>null</c>.</summary>
    public string? Password { get; }

    /// <summary>The URI with the password masked, for messages and logs.</summary>
    public string DisplayUri
    {
        get
        {
            var user = Username is null ? "" : Password is null ? $"{Uri.EscapeDataString(Username)}@" : $"{Uri.EscapeDataString(Username)}:***@";
            var query = new List<string>();
            if (UseTls)
            {
                query.Add("tls=true");
            }
            if (CaFile is not null)
            {
                query.Add("ca_file=" + CaFile);
            }
            return $"etcd://{user}{string.Join(',', Hosts)}{Prefix}{(query.Count == 0 ? "" : "?" + string.Join('&', query))}";
        }
    }

    /// <inheritdoc />
    public override string ToString() => DisplayUri;

    /// <summary>Parses a registry URI.</summary>
    /// <param name="uri">The URI.</param>
    /// <param name="configKey">The setting it came from, named in errors.</param>
    /// <returns>The parsed URI.</returns>
    /// <exception cref="RegistryConfigException">The URI is empty or malformed; the message says which part and why.</exception>
    public static EtcdRegistryUri Parse(string? uri, string configKey)
    {
        ArgumentNullException.ThrowIfNull(configKey);
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new RegistryConfigException(configKey, "the registry URI is empty (expected etcd://host:2379/prefix)");
        }
        uri = uri.Trim();
        var shown = Mask(uri);
        const string scheme = "etcd://";
        const string tlsScheme = "etcds://";
        // etcds:// is etcd:// over TLS, as https is to http.
        var schemeTls = uri.StartsWith(tlsScheme, StringComparison.OrdinalIgnoreCase);
        if (!schemeTls && !uri.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            var end = uri.IndexOf("://", StringComparison.Ordinal);
            throw new RegistryConfigException(configKey, end > 0
                ? $"unsupported registry scheme '{uri[..end]}' in '{shown}' (supported: etcd, and etcds for TLS, e.g. etcd://host:2379/prefix)"
                : $"malformed registry URI '{shown}': expected etcd://host:2379/prefix");
        }
        var rest = uri[(schemeTls ? tlsScheme : scheme).Length..];

        string? query = null;
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }
        if (rest.Contains('#', StringComparison.Ordinal))
        {
            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': a fragment (#...) has no meaning here");
        }

        var pathStart = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = pathStart < 0 ? rest : rest[..pathStart];
        var path = pathStart < 0 ? "" : rest[pathStart..];

        string? username = null;
        string? password = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            username = Decode(colon < 0 ? userInfo : userInfo[..colon], "user", shown, configKey);
            if (username.Length == 0)
            {
                throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': the user before '@' is empty");
            }
            if (colon >= 0)
            {
                password = Decode(userInfo[(colon + 1)..], "password", shown, configKey);
                if (password.Length == 0)
                {
                    throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': the password after '{username}:' is empty (leave out ':' to take it from the config entry or ZASK_ETCD_PASSWORD)");
                }
            }
        }

        if (authority.Length == 0)
        {
            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': no etcd host (expected etcd://host:2379/prefix)");
        }
        var hosts = new List<EtcdHost>();
        foreach (var part in authority.Split(','))
        {
            hosts.Add(ParseHost(part, shown, configKey));
        }

        var prefix = path.TrimEnd('/');
        if (prefix.Length == 0)
        {
            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': no key prefix (expected a path such as /zask after the hosts)");
        }
        if (prefix.Contains("//", StringComparison.Ordinal))
        {
            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': the key prefix '{prefix}' has an empty segment");
        }

        var useTls = schemeTls;
        string? caFile = null;
        if (!string.IsNullOrEmpty(query))
        {
            foreach (var pair in query.Split('&'))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? pair : pair[..eq];
                var value = eq < 0 ? "" : Decode(pair[(eq + 1)..], name, shown, configKey);
                switch (name)
                {
                    case "tls":
                        useTls = value.ToLowerInvariant() switch
                        {
                            "true" or "1" => true,
                            "false" or "0" when schemeTls => throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': tls=false contradicts the etcds scheme (use etcd:// for plain connections)"),
                            "false" or "0" => false,
                            _ => throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': tls must be true or false, not '{value}'"),
                        };
                        break;
                    case "ca_file":
                        if (value.Length == 0)
                        {
                            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': ca_file is empty");
                        }
                        caFile = value;
                        break;
                    default:
                        throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': unknown parameter '{name}' (known: tls, ca_file)");
                }
            }
        }
        // A CA file only makes sense over TLS; taking it as a request for TLS is what the user meant.
        useTls |= caFile is not null;
        return new EtcdRegistryUri(hosts, prefix, useTls, caFile, username, password);
    }

    private static EtcdHost ParseHost(string part, string shown, string configKey)
    {
        if (part.Length == 0)
        {
            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': an empty host in the host list");
        }
        string host;
        string? portText = null;
        if (part.StartsWith('['))
        {
            var close = part.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': '{part}' opens an IPv6 address with '[' but does not close it");
            }
            host = part[1..close];
            var after = part[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': unexpected '{after}' after '[{host}]'");
                }
                portText = after[1..];
            }
        }
        else
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? part : part[..colon];
            portText = colon < 0 ? null : part[(colon + 1)..];
        }
        if (host.Length == 0)
        {
            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': '{part}' has no host name");
        }
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': '{host}' is not a host name or IP address");
        }
        var port = DefaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': port '{portText}' of '{host}' is not a number from 1 to 65535");
        }
        return new EtcdHost(host, port);
    }

    private static string Decode(string text, string what, string shown, string configKey)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            throw new RegistryConfigException(configKey, $"malformed registry URI '{shown}': the {what} is not valid percent-encoding");
        }
    }

    /// <summary>Masks the password of a URI that may not parse, for error messages.</summary>
    private static string Mask(string uri)
    {
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        if (schemeEnd < 0 || at < schemeEnd)
        {
            return uri;
        }
        var colon = uri.IndexOf(':', schemeEnd + 3);
        return colon >= 0 && colon < at ? uri[..(colon + 1)] + "***" + uri[at..] : uri;
    }
}
