namespace Zask.Interop.Tests.Support;

/// <summary>
/// Locates the zerorpc-node peer (tests/interop/node) and the <c>node</c> executable, and decides whether the
/// interop tests run, fail (CI demands them) or are skipped (a developer machine without the peer).
/// </summary>
public static class NodePeer
{
    /// <summary>Set by CI to the peer folder.</summary>
    public const string DirectoryVariable = "ZASK_NODE_PEER_DIR";

    /// <summary>Set to 1 by CI: a missing peer is then a test failure instead of a skip.</summary>
    public const string RequireVariable = "ZASK_REQUIRE_INTEROP";

    private static readonly Lazy<(string? Directory, string? Node, string? Problem)> Located = new(Locate);

    /// <summary>The peer folder (holding server.js, client.js and node_modules/zerorpc), when found.</summary>
    public static string? Directory => Located.Value.Directory;

    /// <summary>The full path of the node executable, when found.</summary>
    public static string? NodeExecutable => Located.Value.Node;

    /// <summary><c>true</c> when the peer is installed and node is on the PATH.</summary>
    public static bool IsAvailable => Located.Value.Problem is null;

    /// <summary>Why the peer cannot be used, or <c>null</c>.</summary>
    public static string? Problem => Located.Value.Problem;

    /// <summary><c>true</c> when a missing peer must fail the tests (CI).</summary>
    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Throws a clear message when the peer is missing; tests call this before touching node.</summary>
    public static void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException(
                $"The zerorpc-node interop peer is required ({RequireVariable}=1) but unusable: {Problem}. "
                + "Install it with `bash .ci/install-node-peer.sh` from the repository root, or point "
                + $"{DirectoryVariable} at the folder holding server.js and node_modules/zerorpc.");
        }
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
            return (directory, null, $"{Path.Combine(directory, "node_modules", "zerorpc")} does not exist (npm ci was not run)");
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
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zask.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "interop", "node");
            }
        }
        return null;
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
