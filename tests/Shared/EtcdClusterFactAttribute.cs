namespace Zask.Testing;

/// <summary>
/// A fact that needs the 3-member etcd cluster of .ci/start-etcd.sh (it stops and restarts members). Skipped when the
/// cluster is missing, a failure instead when CI sets <c>ZASK_REQUIRE_INTEROP=1</c>.
/// </summary>
public sealed class EtcdClusterFactAttribute : RequirementFactAttribute
{
    public EtcdClusterFactAttribute()
        : base(EtcdTestServers.ClusterRequirement)
    {
    }
}
