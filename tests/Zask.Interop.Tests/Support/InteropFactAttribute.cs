namespace Zask.Interop.Tests.Support;

/// <summary>
/// A fact that needs the zerorpc-node peer (<see cref="NodePeer.Requirement"/>). Without the peer it is reported as
/// skipped with the reason and the command that installs it, never as passed; with <c>ZASK_REQUIRE_INTEROP=1</c> it
/// runs anyway and fails with the reason the peer is unusable.
/// </summary>
public sealed class InteropFactAttribute : RequirementFactAttribute
{
    public InteropFactAttribute()
        : base(NodePeer.Requirement)
    {
    }
}
