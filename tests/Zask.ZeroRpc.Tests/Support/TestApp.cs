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
