namespace Zask.Testing;

/// <summary>A fact that needs the TLS member and the member with authentication of .ci/start-etcd.sh.</summary>
public sealed class EtcdSecuredFactAttribute : RequirementFactAttribute
{
    public EtcdSecuredFactAttribute()
        : base(EtcdTestServers.SecuredRequirement)
    {
    }
}
