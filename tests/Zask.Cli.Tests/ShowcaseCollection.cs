namespace Zask.Cli.Tests;

/// <summary>Tests that share one running showcase.</summary>
[CollectionDefinition(Name)]
public sealed class ShowcaseCollection : ICollectionFixture<ShowcaseFixture>
{
    public const string Name = "showcase";
}
