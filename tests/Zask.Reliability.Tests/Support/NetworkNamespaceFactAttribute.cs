namespace Zask.Reliability.Tests.Support;

/// <summary>
/// A fact that needs to create network namespaces and veth pairs; it is skipped, with the reason, where that is
/// not permitted (not root, no iproute2, not Linux), since xunit 2 has no run-time skip.
/// </summary>
public sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        if (NetworkNamespace.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
