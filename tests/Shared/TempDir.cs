namespace Zask.Testing;

/// <summary>
/// A fresh folder under the system's temp folder for one test's files (settings, logs, databases), deleted with
/// everything in it on dispose, so that test runs leave nothing behind. Compiled into every test project.
/// </summary>
public sealed class TempDir : IDisposable
{
    /// <param name="prefix">Starts the folder's name, so that a folder left by a killed run says whose it was.</param>
    public TempDir(string prefix = "zask-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Writes a file (its folders created as needed) and returns its full path.</summary>
    public string File(string name, string content)
    {
        var full = Combine(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    /// <summary>The full path of <paramref name="name"/> in this folder.</summary>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file a child process still holds must not fail the test that made it.
        }
    }
}
