namespace Zask.Zmtp.Tests.Support;

/// <summary>A fact that talks to a pyzmq peer: skipped with the reason when it is missing, failed instead under ZASK_REQUIRE_INTEROP=1.</summary>
public sealed class PyZmqFactAttribute : RequirementFactAttribute
{
    public PyZmqFactAttribute()
        : base(Requirement.Pyzmq)
    {
    }
}
