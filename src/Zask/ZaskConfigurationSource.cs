using Microsoft.Extensions.Configuration;

namespace Zask;

/// <summary>
/// Exposes a Zask <see cref="Config"/> to Microsoft.Extensions.Configuration, so host services can use
/// <see cref="IConfiguration"/> and the options pattern over the same values.
/// </summary>
public sealed class ZaskConfigurationSource : IConfigurationSource
{
    /// <summary>Creates a source over the given configuration.</summary>
    /// <param name="config">The Zask configuration to expose.</param>
    public ZaskConfigurationSource(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
    }

    /// <summary>The exposed Zask configuration.</summary>
    public Config Config { get; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ZaskConfigurationProvider(Config);
}
