namespace Zask.Registry.Etcd.Tests.Support;

/// <summary>Registry settings for the etcd member .ci/start-etcd.sh started, under a fresh prefix per test.</summary>
internal static class EtcdEnv
{
    public static EtcdRegistrySettings Settings(string urls, int ttlSeconds = 10) =>
        EtcdRegistrySettings.Create(EtcdTestServers.RegistryUri(urls), "test", ttl: TimeSpan.FromSeconds(ttlSeconds), environment: _ => null);

    public static EtcdRegistrySettings SingleSettings(int ttlSeconds = 10) =>
        Settings(EtcdTestServers.RequireSingle(), ttlSeconds);
}
