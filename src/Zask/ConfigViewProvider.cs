using Microsoft.Extensions.Configuration;

namespace Zask;

/// <summary>
/// The provider on top of <see cref="Config.Configuration"/>: the layers' entries as <see cref="Config"/> resolved
/// them (each top-level entry from the highest layer that sets it), so both views always agree. It answers for every
/// key and lists only its own children, so nested keys of a lower layer never show through an entry a higher layer
/// replaced.
/// </summary>
internal sealed class ConfigViewProvider : ConfigurationProvider
{
    // Data is set by the config after each change; loading by the root has nothing to add.
    public override void Load()
    {
    }

    public override bool TryGet(string key, out string? value)
    {
        base.TryGet(key, out value);
        return true;
    }

    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath) =>
        base.GetChildKeys([], parentPath);

    public void Publish(IDictionary<string, string?> data)
    {
        Data = data;
        OnReload();
    }

    public override string ToString() => "Zask Config (resolved entries)";
}
