using System.Text.Json.Nodes;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>
/// Loads the captures of tests/data (zerorpc-python and zerorpc-node traffic), which the project copies into the
/// test's output folder.
/// </summary>
public static class SharedTestData
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "data");

    public static JsonObject Load(string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: tests/data/{fileName} is copied there by the build", path);
        }
        return (JsonNode.Parse(File.ReadAllText(path)) as JsonObject)
            ?? throw new InvalidDataException($"{fileName} is not a JSON object");
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
