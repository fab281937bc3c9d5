using System.Text.RegularExpressions;

namespace Zask.Docs.Tests.Support;

/// <summary>Runs the settings shown in the docs on this machine: each endpoint becomes a free loopback one.</summary>
public static partial class Settings
{
    [GeneratedRegex(@"tcp://[^""\s]+")]
    private static partial Regex EndpointPattern();

    /// <summary>Replaces every distinct tcp endpoint of <paramref name="json"/> by a free loopback endpoint.</summary>
    public static (string Json, IReadOnlyDictionary<string, string> Endpoints) Localize(string json)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = EndpointPattern().Replace(json, m =>
        {
            if (!map.TryGetValue(m.Value, out var local))
            {
                local = FreePort.Endpoint();
                map[m.Value] = local;
            }
            return local;
        });
        return (text, map);
    }

    /// <summary>An app in <paramref name="dir"/> loading <paramref name="json"/>, with ZASK_* variables ignored.</summary>
    public static ZaskApp App(TempDir dir, string json, string name, string file = "settings.json")
    {
        var path = dir.File(file, json);
        var app = new ZaskApp(new ZaskAppOptions { Name = name, RootPath = dir.Path, EnvironmentPrefix = null });
        app.Config.FromFile(path);
        return app;
    }
}
