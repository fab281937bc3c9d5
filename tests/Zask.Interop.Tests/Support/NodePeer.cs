namespace Zask.Interop.Tests.Support;

/// <summary>
/// Locates the zerorpc-node peer (tests/interop/node) and the <c>node</c> executable, and decides whether the
/// interop tests run, fail (CI demands them) or are skipped (a developer machine without the peer).
/// </summary>
public static class NodePeer
{
    /// <summary>Set by CI to the peer folder.</summary>
    public const string DirectoryVariable = "ZASK_NODE_PEER_DIR";

    private static readonly Lazy<(string? Directory, string? Node, string? Problem)> Located = new(Locate);

    /// <summary>The peer folder (holding server.js, client.js and node_modules/zerorpc), when found.</summary>
    public static string? Directory => Located.Value.Directory;

    /// <summary>The full path of the node executable, when found.</summary>
    public static string? NodeExecutable => Located.Value.Node;

    /// <summary>The peer as a test requirement: what is missing and the command that installs it.</summary>
    public static Requirement Requirement { get; } = new(
        "zerorpc-node peer", () => Problem, "run ./test.sh, or bash .ci/install-node-peer.sh first");

    /// <summary><c>true</c> when the peer is installed and node is on the PATH.</summary>
    public static bool IsAvailable => Located.Value.Problem is null;

    /// <summary>Why the peer cannot be used, or <c>null</c>.</summary>
    public static string? Problem => Located.Value.Problem;

    /// <summary>Throws a clear message when the peer is missing; tests call this before touching node.</summary>
    public static void EnsureAvailable() => Requirement.EnsureMet();

    /// <summary>Starts a script of the peer folder (e.g. <c>events.js</c>) with node, its output redirected.</summary>
    public static System.Diagnostics.Process StartScript(string script, params string[] args)
    {
        EnsureAvailable();
        var info = new System.Diagnostics.ProcessStartInfo(NodeExecutable!)
        {
            WorkingDirectory = Directory!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(Directory!, script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return System.Diagnostics.Process.Start(info)!;
    }

    private static (string?, string?, string?) Locate()
    {
        var directory = FindPeerDirectory();
        if (directory is null)
        {
            return (null, null, $"{DirectoryVariable} is not set and no Zask.slnx was found above {AppContext.BaseDirectory}");
        }
        if (!System.IO.Directory.Exists(Path.Combine(directory, "node_modules", "zerorpc")))
        {
            return (directory, null, $"{Path.Combine(directory, "node_modules", "zerorpc")} does not exist");
        }
        var node = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node");
        if (node is null)
        {
            return (directory, null, "the `node` executable is not on the PATH");
        }
        return (directory, node, null);
    }

    private static string? FindPeerDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }
        return RepositoryRoot.TryPath is { } root ? Path.Combine(root, "tests", "interop", "node") : null;
    }

    private static string? FindOnPath(string fileName)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
