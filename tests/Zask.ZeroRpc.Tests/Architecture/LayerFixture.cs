// Types for LayerTests.A_type_that_reaches_up_or_sideways_is_reported: a layering with two faults on purpose.
namespace Zask.ZeroRpc.Tests.Architecture.Fixture.High
{
    internal sealed class Top
    {
        public int Value { get; init; }
    }
}

namespace Zask.ZeroRpc.Tests.Architecture.Fixture.Left
{
    internal sealed class Neighbour
    {
        public Right.Beside? Other { get; init; }
    }

    // Reads a sibling's constant: the compiled code keeps the value only.
    internal static class ConstantReader
    {
        public const string Copy = Right.Labels.Name;
    }
}

namespace Zask.ZeroRpc.Tests.Architecture.Fixture.Right
{
    internal sealed class Beside
    {
        public Low.Base? Below { get; init; }
    }
}

namespace Zask.ZeroRpc.Tests.Architecture.Fixture.Right
{
    internal static class Labels
    {
        public const string Name = "beside";
    }
}

namespace Zask.ZeroRpc.Tests.Architecture.Fixture.Low
{
    internal sealed class Base
    {
        public int Value { get; init; }
    }

    // Reaches up: a lower layer using an upper one.
    internal sealed class Reacher
    {
        public High.Top? Above { get; init; }
    }
}

namespace Zask.ZeroRpc.Tests.Architecture.Fixture.Ring.First
{
    // With Ring.Second.Back, a cycle on purpose: each namespace uses the other.
    internal sealed class Forth
    {
        public Second.Back? Next { get; init; }
    }
}

namespace Zask.ZeroRpc.Tests.Architecture.Fixture.Ring.Second
{
    internal sealed class Back
    {
        public First.Forth? Previous { get; init; }
    }
}

namespace Zask.ZeroRpc.Tests.Architecture.Fixture
{
    // For PublicSurfaceTests: a public exception type named the Python way.
    public sealed class WireError : InvalidOperationException
    {
    }
}
