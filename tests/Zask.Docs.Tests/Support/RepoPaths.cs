namespace Zask.Docs.Tests.Support;

/// <summary>Where the repository's docs and this project's sample sources are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Docs => Path.Combine(Root, "docs");

    public static string Samples => Path.Combine(Root, "tests", "Zask.Docs.Tests", "Samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zask.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Zask.slnx not found above {AppContext.BaseDirectory}");
    }
}
