using Microsoft.Extensions.Configuration;

namespace Zask;

/// <summary>The provider of a <see cref="ConfigValueLayerSource"/>: its values flattened into configuration keys.</summary>
internal sealed class ConfigValueLayerProvider : ConfigurationProvider, ITypedLayer
{
    private readonly ConfigValueLayerSource _source;
    private Dictionary<string, object?> _leaves = new(StringComparer.OrdinalIgnoreCase);

    public ConfigValueLayerProvider(ConfigValueLayerSource source) => _source = source;

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var leaves = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in _source.Values)
        {
            ConfigFlattener.Flatten(data, leaves, key, value);
        }

        Data = data;
        _leaves = leaves;
    }

    public bool TryGetTyped(string path, out object? value) => _leaves.TryGetValue(path, out value);

    // Named by what the values are, for the errors that say where a value came from.
    public override string ToString() => _source.Description;
}
