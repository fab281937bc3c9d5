using System.Text.Json;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>A ZaskApp whose settings come from a real JSON file in a temporary folder.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("zask-test-").FullName;

    public TestApp(object settings, string name = "test")
    {
        SettingsPath = Path.Combine(_folder, "settings.json");
        File.WriteAllText(SettingsPath, JsonSerializer.Serialize(settings));
        App = new ZaskApp(new ZaskAppOptions { Name = name, RootPath = _folder, EnvironmentPrefix = null });
        App.Config.FromFile(SettingsPath);
    }

    /// <summary>
    /// A non-DEBUG app that writes its access log to <paramref name="accessLog"/> (errors beside it), with one service
    /// entry: version 1.0, the default, at <paramref name="endpoint"/>, sending <paramref name="accessKey"/> and
    /// accepting <paramref name="clientKeys"/>.
    /// </summary>
    public static TestApp WithService(string service, string endpoint, string accessKey, string[] clientKeys, string accessLog) =>
        new(new Dictionary<string, object>
        {
            ["DEBUG"] = false,
            ["ZERORPC_ACCESS_LOG"] = accessLog,
            ["ERROR_LOG"] = accessLog + ".errors",
            [$"ZERORPC_{service.ToUpperInvariant()}"] = new Dictionary<string, object>
            {
                ["1.0"] = endpoint, ["default"] = "1.0", ["access_key"] = accessKey, ["client_keys"] = clientKeys,
            },
        });

    public ZaskApp App { get; }

    public string SettingsPath { get; }

    public string Folder => _folder;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A log file may still be held open for a moment; the folder is in /tmp anyway.
        }
    }
}
