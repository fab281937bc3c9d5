using Microsoft.Extensions.Configuration;

namespace Zask;

/// <summary>
/// The single provider behind <see cref="Config.Configuration"/>: the layers' entries as <see cref="Config"/> resolved
/// them (each top-level entry from the highest layer that sets it), so both views always agree.
/// </summary>
internal sealed class ConfigViewProvider : ConfigurationProvider
{
    // Data is set by the config after each change; loading by the root has nothing to add.
    public override void Load()
    {
    }

    public void Publish(IDictionary<string, string?> data)
    {
        Data = data;
        OnReload();
    }
}
