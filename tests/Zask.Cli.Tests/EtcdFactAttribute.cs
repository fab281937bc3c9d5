namespace Zask.Cli.Tests;

/// <summary>
/// A fact that needs the etcd member of .ci/start-etcd.sh (<c>ZASK_TEST_ETCD</c>). Skipped without it, a failure
/// instead when CI sets <c>ZASK_REQUIRE_INTEROP=1</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class EtcdFactAttribute : FactAttribute
{
    /// <summary>The single etcd member (<c>http://127.0.0.1:P</c>), or <c>null</c>.</summary>
    public static string? Url => Environment.GetEnvironmentVariable("ZASK_TEST_ETCD") is { Length: > 0 } v ? v : null;

    /// <summary>Sets <see cref="FactAttribute.Skip"/> at discovery time when etcd is missing and optional.</summary>
    public EtcdFactAttribute()
    {
        if (Url is null && Environment.GetEnvironmentVariable("ZASK_REQUIRE_INTEROP") != "1")
        {
            Skip = "no etcd (ZASK_TEST_ETCD is unset); `source .ci/start-etcd.sh` enables it, and ZASK_REQUIRE_INTEROP=1 makes this a failure";
        }
    }
}
