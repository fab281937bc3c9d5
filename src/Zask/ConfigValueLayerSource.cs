using Microsoft.Extensions.Configuration;

namespace Zask;

/// <summary>
/// One of Zask's own typed layers (defaults, <see cref="Config.FromObject(object)"/>, <see cref="Config.FromMapping"/>,
/// assignments, pinned values): top-level keys with structured values, exposed as an in-memory configuration provider.
/// </summary>
internal sealed class ConfigValueLayerSource : IConfigurationSource, IRemovableLayer
{
    public ConfigValueLayerSource(string description, IEnumerable<KeyValuePair<string, object?>> values, bool isAssignments = false)
    {
        Description = description;
        IsAssignments = isAssignments;
        foreach (var (key, value) in values)
        {
            Values[key] = value;
        }
    }

    /// <summary>Where the values came from, for diagnostics.</summary>
    public string Description { get; }

    /// <summary>Whether this layer collects values assigned through the indexer.</summary>
    public bool IsAssignments { get; }

    /// <summary>The values; changed only under the owning <see cref="Config"/>'s lock, then reloaded.</summary>
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ConfigValueLayerProvider(this);

    public bool Remove(string key) => Values.Remove(key);

    public void Clear() => Values.Clear();
}
