namespace Zask.Zmtp.Tests.Support;

/// <summary>Tests that measure the whole process (descriptors, managed memory) run alone, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Whole-process measurements";
}
