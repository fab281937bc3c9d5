using System.Text.Json;

namespace Zask.ZeroRpc.Hosting.Tests.Support;

/// <summary>A ZaskApp whose settings come from a real JSON file in a temporary folder.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly TempDir _folder = new();

    public TestApp(object settings, string name = "test")
    {
        SettingsPath = _folder.File("settings.json", JsonSerializer.Serialize(settings));
        App = new ZaskApp(new ZaskAppOptions { Name = name, RootPath = _folder.Path, EnvironmentPrefix = null });
        App.Config.FromFile(SettingsPath);
    }

    /// <summary>
    /// A non-DEBUG app that writes its access log to <see cref="AccessLogPath"/> (errors beside it), with one service
    /// entry: version 1.0, the default, at <paramref name="endpoint"/>, sending <paramref name="accessKey"/> and
    /// accepting <paramref name="clientKeys"/>.
    /// </summary>
    public static TestApp WithService(string service, string endpoint, string accessKey, string[] clientKeys) =>
        new(new Dictionary<string, object>
        {
            ["DEBUG"] = false,
            // Relative: resolved against the app's root, this folder, so that disposing deletes the logs too.
            ["ZERORPC_ACCESS_LOG"] = AccessLogName,
            ["ERROR_LOG"] = AccessLogName + ".errors",
            [$"ZERORPC_{service.ToUpperInvariant()}"] = new Dictionary<string, object>
            {
                ["1.0"] = endpoint, ["default"] = "1.0", ["access_key"] = accessKey, ["client_keys"] = clientKeys,
            },
        });

    /// <summary>An app whose one entry, <c>ZERORPC_SHOWCASE</c>, is <see cref="Entry"/>.</summary>
    public static TestApp ForShowcase(string endpoint, string accessKey = "k") => new(new { ZERORPC_SHOWCASE = Entry(endpoint, accessKey) });

    /// <summary>A service entry with one version, 1.0, the default, at <paramref name="endpoint"/>, sending <paramref name="accessKey"/>.</summary>
    public static Dictionary<string, object> Entry(string endpoint, string accessKey = "k") =>
        new() { ["1.0"] = endpoint, ["default"] = "1.0", ["access_key"] = accessKey };

    private const string AccessLogName = "access.log";

    /// <summary>Where an app made by <see cref="WithService"/> writes its access log.</summary>
    public string AccessLogPath => _folder.Combine(AccessLogName);

    public ZaskApp App { get; }

    public string SettingsPath { get; }

    public string Folder => _folder.Path;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _folder.Dispose();
    }
}
