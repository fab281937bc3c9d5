using Microsoft.Extensions.Configuration;

namespace Zask;

/// <summary>The environment overlay: variables carrying the prefix, values read as JSON when they parse.</summary>
internal sealed class ConfigEnvironmentSource(string prefix) : IConfigurationSource
{
    public string Prefix { get; } = prefix;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ConfigEnvironmentProvider(Prefix);
}
