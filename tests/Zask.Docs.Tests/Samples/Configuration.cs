using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Zask;

namespace DocsSamples;

#region docs:config-settings-class
public static class OrdersSettings
{
    public static bool DEBUG => false;
    public static string ERROR_LOG => "/var/log/orders/error.log";
    public static int PAGE_SIZE => 50;
    public static string helper => "ignored: not UPPERCASE";
}
#endregion

#region docs:config-poco
public sealed record ImageStore(string Bucket, int MaxMegabytes);
#endregion

#region docs:config-secrets-folder-source
/// <summary>One file per setting, as a secrets volume mounts them: the file name is the key, "__" nesting.</summary>
public sealed class SecretsFolderSource(string folder) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SecretsFolderProvider(folder);
}

public sealed class SecretsFolderProvider(string folder) : ConfigurationProvider
{
    public override void Load() =>
        Data = Directory.EnumerateFiles(folder).ToDictionary(
            file => Path.GetFileName(file).Replace("__", ConfigurationPath.KeyDelimiter),
            file => (string?)File.ReadAllText(file).Trim(),
            StringComparer.OrdinalIgnoreCase);
}
#endregion

public static class Configuration
{
    #region docs:config-layers
    public static ZaskApp CreateApp(string root)
    {
        var app = new ZaskApp(new ZaskAppOptions { Name = "orders", RootPath = root });
        app.Config.FromObject(typeof(OrdersSettings));            // built-in defaults, then these
        app.Config.FromFile("settings.json");                      // relative to app.RootPath
        app.Config.FromFile("dev.settings.json", optional: true);  // only on a developer's machine
        app.Config.FromEnvVar("ORDERS_SETTINGS", optional: true);  // a file named by a variable
        app.Config["PAGE_SIZE"] = 100;                             // an assignment is a layer too
        return app;                                                // ZASK_* variables still win
    }
    #endregion

    public static (bool Debug, int PageSize, string? Region, ImageStore Store, Dictionary<string, object?> Images, double Ratio)
        TypedReads(ZaskApp app)
    {
        #region docs:config-typed-reads
        bool debug = app.Config.GetBool("DEBUG");
        int pageSize = app.Config.GetInt("PAGE_SIZE");
        string? region = app.Config.GetString("REGION");
        var store = app.Config.Get<ImageStore>("IMAGE_STORE");              // a JSON object as a record
        var ratio = app.Config.GetValueOrDefault("THUMBNAIL_RATIO", 0.25);  // the fallback when the key is missing
        var images = app.Config.GetNamespace("IMAGES_");                    // IMAGES_PATH -> ["path"]
        #endregion
        return (debug, pageSize, region, store, images, ratio);
    }

    #region docs:config-sources
    public static ZaskApp CreateAppWithSources(string root, string[] args)
    {
        var app = new ZaskApp(new ZaskAppOptions { Name = "orders", RootPath = root });
        app.Config.FromFile("settings.json");
        app.Config.Add(new CommandLineConfigurationSource { Args = args });  // --PAGE_SIZE=10 --ZERORPC_BILLING:1.0=tcp://...
        return app;
    }
    #endregion

    #region docs:config-own-source
    public static ZaskApp CreateAppWithSecrets(string root, string secretsFolder)
    {
        var app = new ZaskApp(new ZaskAppOptions { Name = "orders", RootPath = root });
        app.Config.FromFile("settings.json");
        app.Config.Add(new SecretsFolderSource(secretsFolder));  // wins over settings.json; ZASK_* still win over it
        return app;
    }
    #endregion

    public static List<string> Layers(ZaskApp app)
    {
        #region docs:config-providers
        var root = (IConfigurationRoot)app.Config.Configuration;
        var layers = root.Providers.Select(p => p.ToString() ?? p.GetType().Name).ToList();
        // [..., "JSON file '/srv/orders/settings.json'", ..., "EnvironmentVariablesConfigurationProvider Prefix: 'ZASK_'",
        //  "Zask Config (resolved entries)"]
        #endregion
        return layers;
    }

    public static string? LoadOrExplain(ZaskApp app, string path)
    {
        #region docs:config-errors
        try
        {
            app.Config.FromFile(path);
        }
        catch (ConfigParseException e)
        {
            return $"{e.FilePath}:{e.LineNumber}:{e.Column}: {e.Message}";   // the config is unchanged
        }
        catch (ConfigFileNotFoundException e)
        {
            return $"missing {e.FilePath}";
        }
        #endregion
        return null;
    }
}
