namespace Zask.Tests;

/// <summary>Tests that change process-wide state (ZASK_ variables, Console.Out) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    public const string Name = "Process state";
}
