namespace Zask.Testing;

/// <summary>The etcd servers .ci/start-etcd.sh started, read from the variables it exports.</summary>
public static class EtcdTestServers
{
    /// <summary>The command that starts them.</summary>
    public const string Enable = "run ./test.sh, or `source .ci/start-etcd.sh` first";

    /// <summary>The single member (<c>http://127.0.0.1:P</c>), or <c>null</c>.</summary>
    public static string? Single => Read("ZASK_TEST_ETCD");

    /// <summary>The three members of the cluster, comma-separated, or <c>null</c>.</summary>
    public static string? Cluster => Read("ZASK_TEST_ETCD_CLUSTER");

    /// <summary>The folder holding member-N/start and member-N/pid of the cluster, or <c>null</c>.</summary>
    public static string? ClusterDir => Read("ZASK_TEST_ETCD_CLUSTER_DIR");

    /// <summary>The member serving TLS (<c>https://127.0.0.1:P</c>), or <c>null</c>.</summary>
    public static string? Tls => Read("ZASK_TEST_ETCD_TLS");

    /// <summary>The PEM file of the authority that signed the TLS member's certificate.</summary>
    public static string? TlsCa => Read("ZASK_TEST_ETCD_TLS_CA");

    /// <summary>The PEM file of an authority that signed nothing of etcd's.</summary>
    public static string? OtherCa => Read("ZASK_TEST_ETCD_OTHER_CA");

    /// <summary>The member with authentication on (<c>http://127.0.0.1:P</c>), or <c>null</c>.</summary>
    public static string? Auth => Read("ZASK_TEST_ETCD_AUTH");

    /// <summary>The user that may read and write keys under <c>/zask</c> on <see cref="Auth"/>.</summary>
    public static string? AuthUser => Read("ZASK_TEST_ETCD_AUTH_USER");

    /// <summary>That user's password.</summary>
    public static string? AuthPassword => Read("ZASK_TEST_ETCD_AUTH_PASSWORD");

    /// <summary>The single member, as a requirement.</summary>
    public static Requirement SingleRequirement { get; } = new("etcd", () => Single is null ? "ZASK_TEST_ETCD is unset" : null, Enable);

    /// <summary>The single member, or the reason it is missing thrown (tests call this once they run).</summary>
    public static string RequireSingle()
    {
        SingleRequirement.EnsureMet();
        return Single!;
    }

    /// <summary>The cluster, as a requirement of tests that stop and start its members.</summary>
    public static Requirement ClusterRequirement { get; } = new("etcd cluster",
        () => Cluster is null || ClusterDir is null ? "ZASK_TEST_ETCD_CLUSTER is unset" : null, Enable);

    /// <summary>The TLS member and the member with authentication, as a requirement.</summary>
    public static Requirement SecuredRequirement { get; } = new("etcd with TLS and authentication",
        () => Tls is null || TlsCa is null || OtherCa is null || Auth is null || AuthUser is null || AuthPassword is null
            ? "ZASK_TEST_ETCD_TLS or ZASK_TEST_ETCD_AUTH is unset" : null, Enable);

    /// <summary>
    /// A registry URI for <paramref name="urls"/> (<c>http://a:1,http://b:2</c>) under a fresh prefix (below
    /// <c>/zask</c>, where the test user may write), so tests never see each other's keys.
    /// </summary>
    public static string RegistryUri(string urls, string scheme = "etcd")
    {
        var hosts = string.Join(',', urls.Split(',').Select(u => new Uri(u.Trim()).Authority));
        return $"{scheme}://{hosts}/zask-test-{Guid.NewGuid():N}";
    }

    private static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
