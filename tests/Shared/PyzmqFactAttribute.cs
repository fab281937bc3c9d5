namespace Zask.Testing;

/// <summary>A fact whose peer is a Python script on pyzmq and msgpack (<see cref="Requirement.Pyzmq"/>).</summary>
public sealed class PyzmqFactAttribute : RequirementFactAttribute
{
    public PyzmqFactAttribute()
        : base(Requirement.Pyzmq)
    {
    }
}
