namespace Zask.Registry.Etcd.Tests.Support;

/// <summary>The etcd servers .ci/start-etcd.sh started, read from the environment it exports.</summary>
internal static class EtcdEnv
{
    public const string RequireVariable = "ZASK_REQUIRE_INTEROP";

    /// <summary>The single member (<c>http://127.0.0.1:P</c>), or <c>null</c>.</summary>
    public static string? Single => Environment.GetEnvironmentVariable("ZASK_TEST_ETCD") is { Length: > 0 } v ? v : null;

    /// <summary>The three members of the cluster, comma-separated, or <c>null</c>.</summary>
    public static string? Cluster => Environment.GetEnvironmentVariable("ZASK_TEST_ETCD_CLUSTER") is { Length: > 0 } v ? v : null;

    /// <summary>The folder holding member-N/start and member-N/pid of the cluster.</summary>
    public static string? ClusterDir => Environment.GetEnvironmentVariable("ZASK_TEST_ETCD_CLUSTER_DIR") is { Length: > 0 } v ? v : null;

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public const string EnableCommand = "`source .ci/start-etcd.sh` enables it";

    /// <summary>Turns <c>http://a:1,http://b:2</c> into a registry URI under a fresh prefix, so tests never see each other's keys.</summary>
    public static string RegistryUri(string urls, string? user = null)
    {
        var hosts = string.Join(',', urls.Split(',').Select(u => new Uri(u.Trim()).Authority));
        return $"etcd://{(user is null ? "" : user + "@")}{hosts}/zask-test-{Guid.NewGuid():N}";
    }

    public static EtcdRegistrySettings Settings(string urls, int ttlSeconds = 10) =>
        EtcdRegistrySettings.Create(RegistryUri(urls), "test", ttl: TimeSpan.FromSeconds(ttlSeconds), environment: _ => null);

    public static EtcdRegistrySettings SingleSettings(int ttlSeconds = 10) =>
        Settings(Single ?? throw new InvalidOperationException($"ZASK_TEST_ETCD is not set: {EnableCommand}"), ttlSeconds);

    public static EtcdRegistrySettings ClusterSettings(int ttlSeconds = 10) =>
        Settings(Cluster ?? throw new InvalidOperationException($"ZASK_TEST_ETCD_CLUSTER is not set: {EnableCommand}"), ttlSeconds);
}
