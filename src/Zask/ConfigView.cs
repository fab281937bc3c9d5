using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Zask;

/// <summary>
/// <see cref="Config.Configuration"/>: one stable <see cref="IConfigurationRoot"/> whose
/// <see cref="IConfigurationRoot.Providers"/> are the config's layers (JSON files, the environment, added sources...)
/// as they are now, topped by the <see cref="ConfigViewProvider"/> that every read goes to.
/// </summary>
internal sealed class ConfigView(Func<IEnumerable<IConfigurationProvider>> layers, ConfigViewProvider view, Action reload) : IConfigurationRoot
{
    public string? this[string key]
    {
        get => view.TryGet(key, out var value) ? value : null;
        set => view.Set(key, value);
    }

    public IEnumerable<IConfigurationProvider> Providers => [.. layers(), view];

    public IEnumerable<IConfigurationSection> GetChildren() =>
        view.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase).Select(GetSection).ToList();

    public IChangeToken GetReloadToken() => view.GetReloadToken();

    public IConfigurationSection GetSection(string key) => new ConfigurationSection(this, key);

    public void Reload() => reload();
}
