namespace Zask.Registry.Etcd.Tests.Support;

/// <summary>
/// A fact that needs the single etcd member of .ci/start-etcd.sh. Without it the test is reported as skipped, never
/// as passed; when CI sets <c>ZASK_REQUIRE_INTEROP=1</c> it runs anyway and fails saying etcd is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class EtcdFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> at discovery time when etcd is missing and optional.</summary>
    public EtcdFactAttribute()
    {
        if (EtcdEnv.Single is null && !EtcdEnv.IsRequired)
        {
            Skip = $"no etcd (ZASK_TEST_ETCD is unset); {EtcdEnv.EnableCommand}, and {EtcdEnv.RequireVariable}=1 makes this a failure";
        }
    }
}
