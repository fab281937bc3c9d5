namespace Zask.Tests;

/// <summary>Factories and helpers shared by the tests.</summary>
internal static class Apps
{
    /// <summary>An app isolated from the process environment (no ZASK_ overlay) rooted in <paramref name="root"/>.</summary>
    public static ZaskApp Isolated(string root, string name = "test-app") =>
        new(new ZaskAppOptions { Name = name, RootPath = root, EnvironmentPrefix = null });

    /// <summary>A prefix no other test uses, so environment tests can run in parallel.</summary>
    public static string UniquePrefix() => "ZT" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant() + "_";

    /// <summary>Reads a file another component may still hold open.</summary>
    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
