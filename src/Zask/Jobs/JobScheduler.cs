using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Zask.Jobs;

/// <summary>
/// Runs the app's jobs inside its host: one loop per job that waits for the next tick on the app's
/// <see cref="TimeProvider"/>, then runs the job to its end before looking for the next tick, so a job never
/// overlaps itself.
/// </summary>
internal sealed class JobScheduler : IHostedService, IDisposable
{
    private readonly JobCollection _jobs;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _loops = [];
    private IJobFilter[] _filters = [];
    private IFleetLock? _fleetLock;

    public JobScheduler(JobCollection jobs, IServiceProvider services, TimeProvider time, ILogger<JobScheduler> logger)
    {
        _jobs = jobs;
        _services = services;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var jobs = _jobs.All;
        _fleetLock = _services.GetService<IFleetLock>();
        if (_fleetLock is null && jobs.FirstOrDefault(j => j.RunsOncePerFleet) is { } fleetJob)
        {
            // Running every tick everywhere would silently break what the job was marked for: refuse to start.
            throw new InvalidOperationException(
                $"Job '{fleetJob.Name}' runs once per fleet, but the app has no fleet lock: use Zask.Data (new ZaskDb(app)) so the lock lives in the app's database, or register an IFleetLock service.");
        }
        _filters = [.. _services.GetServices<IJobFilter>()];
        // First ticks are fixed now, so they count from the start whenever the loops get a thread.
        var now = _time.GetUtcNow();
        // Runs must not inherit whatever the code starting the app left in its async flow (an ambient session...).
        using (ExecutionContext.IsFlowSuppressed() ? default(AsyncFlowControl?) : ExecutionContext.SuppressFlow())
        {
            foreach (var job in jobs)
            {
                var first = job.Schedule.NextAfter(now);
                _loops.Add(Task.Run(() => LoopAsync(job, first), CancellationToken.None));
            }
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host cancels its token when the shutdown grace period is over: the running jobs are cancelled
            // too, and the host waits for them no longer.
            await _abort.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _abort.Cancel();
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task LoopAsync(Job job, DateTimeOffset? next)
    {
        var stopping = _stopping.Token;
        while (next is { } tick && !stopping.IsCancellationRequested)
        {
            var wait = tick - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            await RunOnceAsync(job, tick).ConfigureAwait(false);
            next = NextTick(job, tick);
        }
    }

    /// <summary>The first tick still ahead after a run for <paramref name="tick"/>; ticks that passed meanwhile are skipped.</summary>
    private DateTimeOffset? NextTick(Job job, DateTimeOffset tick)
    {
        var now = _time.GetUtcNow();
        var next = job.Schedule.NextAfter(tick);
        if (next is null || next >= now)
        {
            return next;
        }
        var missed = 0;
        while (next is { } passed && passed < now)
        {
            missed++;
            next = job.Schedule.NextAfter(passed);
        }
        JobLog.Skipped(_logger, job.Name, missed);
        return next;
    }

    private async Task RunOnceAsync(Job job, DateTimeOffset tick)
    {
        var abort = _abort.Token;
        IAsyncDisposable? claim = null;
        if (job.RunsOncePerFleet)
        {
            try
            {
                claim = await _fleetLock!.TryClaimAsync(job.Name, tick, abort).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !abort.IsCancellationRequested)
            {
                JobLog.ClaimFailed(_logger, job.Name, tick, ex);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (claim is null)
            {
                JobLog.ClaimedElsewhere(_logger, job.Name, tick);
                return;
            }
        }
        try
        {
            var scope = _services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var context = new JobContext(job, tick, scope.ServiceProvider, abort);
                await InvokeAsync(context, 0).ConfigureAwait(false);
            }
            JobLog.Ran(_logger, job.Name, tick);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            JobLog.CancelledAtStop(_logger, job.Name, tick);
        }
        catch (Exception ex)
        {
            JobLog.Failed(_logger, job.Name, tick, ex);
        }
        finally
        {
            if (claim is not null)
            {
                try
                {
                    await claim.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    JobLog.ReleaseFailed(_logger, job.Name, tick, ex);
                }
            }
        }
    }

    private Task InvokeAsync(JobContext context, int filter) =>
        filter < _filters.Length
            ? _filters[filter].InvokeAsync(context, () => InvokeAsync(context, filter + 1))
            : context.Job.Run(context);
}
