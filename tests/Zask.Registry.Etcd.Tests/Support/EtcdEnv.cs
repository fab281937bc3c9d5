namespace Zask.Registry.Etcd.Tests.Support;

/// <summary>The etcd servers .ci/start-etcd.sh started, read from the environment it exports.</summary>
internal static class EtcdEnv
{
    public const string RequireVariable = "ZASK_REQUIRE_INTEROP";

    /// <summary>The single member (<c>http://127.0.0.1:P</c>), or <c>null</c>.</summary>
    public static string? Single => Environment.GetEnvironmentVariable("ZASK_TEST_ETCD") is { Length: > 0 } v ? v : null;

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public const string EnableCommand = "`source .ci/start-etcd.sh` enables it";

    public static EtcdRegistrySettings Settings(string urls, int ttlSeconds = 10) =>
        EtcdRegistrySettings.Create(EtcdTestServers.RegistryUri(urls), "test", ttl: TimeSpan.FromSeconds(ttlSeconds), environment: _ => null);

    public static EtcdRegistrySettings SingleSettings(int ttlSeconds = 10) =>
        Settings(Single ?? throw new InvalidOperationException($"ZASK_TEST_ETCD is not set: {EnableCommand}"), ttlSeconds);
}
