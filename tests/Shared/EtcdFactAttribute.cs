namespace Zask.Testing;

/// <summary>
/// A fact that needs the single etcd member of .ci/start-etcd.sh (<c>ZASK_TEST_ETCD</c>). Skipped without it, a failure
/// instead when CI sets <c>ZASK_REQUIRE_INTEROP=1</c>.
/// </summary>
public sealed class EtcdFactAttribute : RequirementFactAttribute
{
    public EtcdFactAttribute()
        : base(EtcdTestServers.SingleRequirement)
    {
    }
}
