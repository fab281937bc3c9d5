using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Zask;

/// <summary>
/// Flattens a Zask <see cref="Config"/> into configuration keys: nested objects become sections
/// (<c>SQLALCHEMY_BINDS:users</c>) and arrays indexed children (<c>KEYS:0</c>). It reloads whenever the Zask
/// configuration changes, so <see cref="IConfiguration"/> readers and options monitors see the current values.
/// </summary>
public sealed class ZaskConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly Config _config;

    /// <summary>Creates a provider over the given configuration.</summary>
    /// <param name="config">The Zask configuration to expose.</param>
    public ZaskConfigurationProvider(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _config.Changed += OnConfigChanged;
    }

    /// <inheritdoc />
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in _config)
        {
            Flatten(data, key, value);
        }

        Data = data;
    }

    /// <summary>Stops following changes of the Zask configuration.</summary>
    public void Dispose() => _config.Changed -= OnConfigChanged;

    private static void Flatten(Dictionary<string, string?> data, string path, object? value)
    {
        switch (value)
        {
            case null:
                data[path] = null;
                break;
            case string text:
                data[path] = text;
                break;
            case bool flag:
                // JSON spelling, which the configuration binder also accepts.
                data[path] = flag ? "true" : "false";
                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    Flatten(data, ConfigurationPath.Combine(path, Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty), entry.Value);
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, child) in pairs)
                {
                    Flatten(data, ConfigurationPath.Combine(path, key), child);
                }

                break;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    Flatten(data, ConfigurationPath.Combine(path, index.ToString(CultureInfo.InvariantCulture)), item);
                    index++;
                }

                break;
            case IFormattable formattable:
                data[path] = formattable.ToString(null, CultureInfo.InvariantCulture);
                break;
            default:
                data[path] = value.ToString();
                break;
        }
    }

    private void OnConfigChanged(object? sender, EventArgs e)
    {
        Load();
        OnReload();
    }
}
