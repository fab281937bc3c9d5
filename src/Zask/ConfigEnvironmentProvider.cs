using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Zask;

/// <summary>
/// The standard environment-variable provider (prefix stripped, <c>__</c> as the section separator), with each
/// value read as JSON when it parses: <c>ZASK_DEBUG=false</c> is a boolean, <c>ZASK_KEYS=["a","b"]</c> a list.
/// </summary>
internal sealed class ConfigEnvironmentProvider(string prefix) : EnvironmentVariablesConfigurationProvider(prefix), ITypedLayer
{
    private Dictionary<string, object?> _leaves = new(StringComparer.OrdinalIgnoreCase);

    public override void Load()
    {
        base.Load();
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var leaves = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, raw) in Data)
        {
            ConfigFlattener.Flatten(data, leaves, key, raw is null ? null : ConfigValues.FromEnvironment(raw));
        }

        Data = data;
        _leaves = leaves;
    }

    public bool TryGetTyped(string path, out object? value) => _leaves.TryGetValue(path, out value);
}
