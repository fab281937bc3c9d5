namespace Zask.Testing;

/// <summary>The checkout the tests run from: the nearest folder above the test assembly that holds Zask.slnx.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The repository's root folder; throws <see cref="DirectoryNotFoundException"/> when there is none.</summary>
    public static string Path => Found.Value
        ?? throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds Zask.slnx");

    /// <summary>The repository's root folder, or <c>null</c> when the tests do not run from a checkout.</summary>
    public static string? TryPath => Found.Value;

    /// <summary>A path below the root, from its parts.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Zask.slnx")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
