using System.Text.Json.Nodes;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>Finds and loads the captures in ../shared/testdata (beside the repository root).</summary>
public static class SharedTestData
{
    private static readonly Lazy<string> Folder = new(Locate);

    public static JsonObject Load(string fileName) =>
        (JsonNode.Parse(File.ReadAllText(Path.Combine(Folder.Value, fileName))) as JsonObject)
        ?? throw new InvalidDataException($"{fileName} is not a JSON object");

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("ZASK_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Path.Combine(fromEnv, "testdata");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zask.slnx")))
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "testdata");
                if (Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }
        throw new DirectoryNotFoundException("../shared/testdata was not found beside the repository root; set ZASK_SHARED_DIR");
    }
}
