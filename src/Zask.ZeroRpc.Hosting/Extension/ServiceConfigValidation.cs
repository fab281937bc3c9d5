using Microsoft.Extensions.Hosting;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Validates every service entry when the app starts (<see cref="ServiceConfig.ValidateAll"/>), so that a bad entry
/// stops the app with an <see cref="InvalidServiceConfigException"/> instead of weakening a check at run time.
/// </summary>
internal sealed class ServiceConfigValidation(Config config) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ServiceConfig.ValidateAll(config);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
