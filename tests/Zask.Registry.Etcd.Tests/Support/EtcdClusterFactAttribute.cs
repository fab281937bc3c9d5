namespace Zask.Registry.Etcd.Tests.Support;

/// <summary>
/// A fact that needs the 3-member etcd cluster of .ci/start-etcd.sh (it stops and restarts members). Skipped when the
/// cluster is missing, a failure instead when CI sets <c>ZASK_REQUIRE_INTEROP=1</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class EtcdClusterFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> at discovery time when the cluster is missing and optional.</summary>
    public EtcdClusterFactAttribute()
    {
        if ((EtcdEnv.Cluster is null || EtcdEnv.ClusterDir is null) && !EtcdEnv.IsRequired)
        {
            Skip = $"no etcd cluster (ZASK_TEST_ETCD_CLUSTER is unset); {EtcdEnv.EnableCommand}, and {EtcdEnv.RequireVariable}=1 makes this a failure";
        }
    }
}
