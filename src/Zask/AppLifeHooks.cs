using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Zask;

/// <summary>
/// Runs the app's starting, started, stopping and stopped hooks on the generic host's lifetime, in registration
/// order. Registered before any other hosted service, so starting hooks run before anything serves.
/// </summary>
internal sealed class AppLifeHooks(ILogger logger) : IHostedLifecycleService
{
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _starting = [];
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _started = [];
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _stopping = [];
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _stopped = [];
    private IServiceProvider? _services;

    public void Add(AppLifePhase phase, Func<IServiceProvider, CancellationToken, Task> hook)
    {
        var list = phase switch
        {
            AppLifePhase.Starting => _starting,
            AppLifePhase.Started => _started,
            AppLifePhase.Stopping => _stopping,
            AppLifePhase.Stopped => _stopped,
            _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "not an AppLifePhase"),
        };
        lock (list)
        {
            list.Add(hook);
        }
    }

    /// <summary>Set when the host is built: the services hooks get.</summary>
    public void Attach(IServiceProvider services) => _services = services;

    // A starting hook that throws stops the start: the host rethrows, and RunAsync / StartAsync with it.
    public Task StartingAsync(CancellationToken cancellationToken) => RunAsync(_starting, AppLifePhase.Starting, rethrow: true, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => RunAsync(_started, AppLifePhase.Started, rethrow: true, cancellationToken);

    // Stopping carries on past a failing hook: the other hooks and services still get their chance to flush.
    public Task StoppingAsync(CancellationToken cancellationToken) => RunAsync(_stopping, AppLifePhase.Stopping, rethrow: false, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => RunAsync(_stopped, AppLifePhase.Stopped, rethrow: false, cancellationToken);

    private async Task RunAsync(List<Func<IServiceProvider, CancellationToken, Task>> hooks, AppLifePhase phase, bool rethrow,
        CancellationToken cancellationToken)
    {
        Func<IServiceProvider, CancellationToken, Task>[] snapshot;
        lock (hooks)
        {
            snapshot = [.. hooks];
        }
        var services = _services ?? throw new InvalidOperationException("The app's hooks run only once the app is built.");
        foreach (var hook in snapshot)
        {
            try
            {
                await hook(services, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                AppLifeLog.HookFailed(logger, ex, phase.ToString(), ex.Message);
                if (rethrow)
                {
                    throw;
                }
            }
        }
    }
}
