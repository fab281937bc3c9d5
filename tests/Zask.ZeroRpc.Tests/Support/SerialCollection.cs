namespace Zask.ZeroRpc.Tests.Support;

/// <summary>
/// Tests that load the machine on purpose (thousands of calls as fast as possible) run alone, so that they cannot
/// starve the timing-sensitive tests of other classes (heartbeats of 200 ms) on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial: loads the machine";
}
