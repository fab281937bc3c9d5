namespace Zask.Docs.Tests.Support;

/// <summary>Where the repository's docs and this project's sample sources are.</summary>
public static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

    public static string Docs => Path.Combine(Root, "docs");

    public static string Samples => Path.Combine(Root, "tests", "Zask.Docs.Tests", "Samples");
}
