using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Zask.Jobs;

namespace Zask.Tests.Jobs;

public sealed class JobSchedulerTests : IDisposable
{
    // A quarter second past a whole second, so a one-second job's first tick is 750 ms away.
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, 250, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstSecond = new(2026, 1, 1, 12, 0, 1, TimeSpan.Zero);

    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly FakeLoggerProvider _logs = new();

    public void Dispose()
    {
        _logs.Dispose();
        _dir.Dispose();
    }

    private ZaskApp NewApp(double graceSeconds = 30)
    {
        var app = Apps.Isolated(_dir.Path);
        app.Config["SHUTDOWN_GRACE_PERIOD"] = graceSeconds;
        app.Config["DEBUG"] = false;
        app.Config["ERROR_LOG"] = _dir.Combine("error.log");
        app.Services.AddSingleton<TimeProvider>(_time);
        app.HostBuilder.Logging.AddProvider(_logs);
        app.HostBuilder.Logging.SetMinimumLevel(LogLevel.Debug);
        return app;
    }

    [Fact]
    public async Task An_interval_job_runs_at_each_aligned_tick_of_the_apps_clock()
    {
        await using var app = NewApp();
        var ticks = new ConcurrentQueue<DateTimeOffset>();
        app.Jobs.Every("tick", TimeSpan.FromSeconds(1), job =>
        {
            ticks.Enqueue(job.Tick);
            return Task.CompletedTask;
        });
        await app.StartAsync();

        ticks.Should().BeEmpty("no time has passed");
        _time.Advance(TimeSpan.FromMilliseconds(750));
        await Eventually.True(() => ticks.Count == 1, "the first run");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => ticks.Count == 2, "the second run");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => ticks.Count == 3, "the third run");

        ticks.Should().Equal(FirstSecond, FirstSecond.AddSeconds(1), FirstSecond.AddSeconds(2));
        await app.StopAsync();
    }

    [Fact]
    public async Task A_job_never_overlaps_itself_and_skips_the_ticks_that_passed_while_it_ran()
    {
        await using var app = NewApp();
        var running = 0;
        var most = 0;
        var ticks = new ConcurrentQueue<DateTimeOffset>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Jobs.Every("slow", TimeSpan.FromSeconds(1), async job =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            ticks.Enqueue(job.Tick);
            if (ticks.Count == 1)
            {
                await release.Task;
            }
            Interlocked.Decrement(ref running);
        });
        await app.StartAsync();

        _time.Advance(TimeSpan.FromMilliseconds(750));
        await Eventually.True(() => ticks.Count == 1, "the first run to start");
        // Three more ticks come and go while the first run holds on.
        _time.Advance(TimeSpan.FromMilliseconds(3500));
        release.SetResult();
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await Eventually.True(() => ticks.Count == 2, "the run after the slow one");

        most.Should().Be(1);
        ticks.Should().Equal(FirstSecond, FirstSecond.AddSeconds(4));
        _logs.Collector.GetSnapshot().Should().Contain(r => r.Message.Contains("Job slow skipped 3 tick(s)"));
        await app.StopAsync();
    }

    [Fact]
    public async Task A_failing_run_is_logged_with_the_jobs_name_and_the_next_tick_still_runs()
    {
        await using var app = NewApp();
        var runs = 0;
        app.Jobs.Every("flaky", TimeSpan.FromSeconds(1), _ =>
            Interlocked.Increment(ref runs) == 1 ? throw new InvalidOperationException("disk full") : Task.CompletedTask);
        await app.StartAsync();

        _time.Advance(TimeSpan.FromMilliseconds(750));
        await Eventually.True(() => _logs.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Error), "the failure to be logged");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => Volatile.Read(ref runs) == 2, "the run after the failure");

        var error = _logs.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Error);
        error.Message.Should().Contain("Job flaky failed").And.Contain(FirstSecond.ToString("O"));
        error.Exception.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("disk full");
        await app.StopAsync();
    }

    [Fact]
    public async Task A_cron_job_runs_at_the_expressions_times_in_its_time_zone()
    {
        // 12:00:00.250 UTC is 13:00:00.250 in Paris in winter; "*/2 13 * * *" runs at 13:02 Paris, 12:02 UTC.
        await using var app = NewApp();
        var ticks = new ConcurrentQueue<DateTimeOffset>();
        app.Jobs.Cron("paris", "*/2 13 * * *", "Europe/Paris", job =>
        {
            ticks.Enqueue(job.Tick);
            return Task.CompletedTask;
        });
        await app.StartAsync();

        _time.Advance(TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(() => ticks.Count == 1, "the 13:02 Paris run");
        ticks.Single().Should().Be(new DateTimeOffset(2026, 1, 1, 12, 2, 0, TimeSpan.Zero));
        await app.StopAsync();
    }

    [Fact]
    public void Cron_schedules_follow_daylight_saving_time()
    {
        var schedule = JobSchedule.Cron("0 3 * * *", "Europe/Paris");

        schedule.NextAfter(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero)).Should().Be(new DateTimeOffset(2026, 1, 10, 2, 0, 0, TimeSpan.Zero));
        schedule.NextAfter(new DateTimeOffset(2026, 7, 10, 0, 0, 0, TimeSpan.Zero)).Should().Be(new DateTimeOffset(2026, 7, 10, 1, 0, 0, TimeSpan.Zero));
        JobSchedule.Cron("*/10 * * * * *").NextAfter(Start).Should().Be(new DateTimeOffset(2026, 1, 1, 12, 0, 10, TimeSpan.Zero));
    }

    [Fact]
    public void Bad_schedules_are_refused_with_what_is_wrong()
    {
        FluentActions.Invoking(() => JobSchedule.Cron("61 * * * *")).Should().Throw<ArgumentException>().WithMessage("*'61 * * * *' is not a cron expression*");
        FluentActions.Invoking(() => JobSchedule.Cron("0 3 * * *", "Mars/Olympus")).Should().Throw<ArgumentException>().WithMessage("*Mars/Olympus*");
        FluentActions.Invoking(() => JobSchedule.Every(TimeSpan.Zero)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Each_run_has_its_own_scope_disposed_when_the_run_ends()
    {
        await using var app = NewApp();
        app.Services.AddScoped<ScopedThing>();
        var seen = new ConcurrentQueue<ScopedThing>();
        app.Jobs.Every("scoped", TimeSpan.FromSeconds(1), job =>
        {
            var thing = job.Services.GetRequiredService<ScopedThing>();
            thing.Disposed.Should().BeFalse();
            seen.Enqueue(thing);
            return Task.CompletedTask;
        });
        await app.StartAsync();

        _time.Advance(TimeSpan.FromMilliseconds(750));
        await Eventually.True(() => seen.Count == 1, "the first run");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => seen.Count == 2 && seen.All(t => t.Disposed), "two runs, their scopes disposed");

        seen.Distinct().Should().HaveCount(2);
        await app.StopAsync();
    }

    [Fact]
    public async Task Filters_wrap_every_run_and_marked_service_methods_become_jobs()
    {
        await using var app = NewApp();
        var order = new ConcurrentQueue<string>();
        app.Services.AddSingleton(order);
        app.Services.AddSingleton<IJobFilter>(new RecordingFilter(order));
        var jobs = app.Jobs.AddService<MaintenanceService>();
        jobs.Select(j => j.Name).Should().BeEquivalentTo("MaintenanceService.Sweep", "nightly");
        jobs.Single(j => j.Name == "nightly").RunsOncePerFleet.Should().BeFalse();
        await app.StartAsync();

        _time.Advance(TimeSpan.FromMilliseconds(750));
        await Eventually.True(() => order.Count == 3, "one filtered run of Sweep");

        order.Should().Equal("before MaintenanceService.Sweep", $"swept {FirstSecond:O}", "after MaintenanceService.Sweep");
        await app.StopAsync();
    }

    [Fact]
    public async Task Stop_lets_a_running_job_finish_within_the_grace_period()
    {
        await using var app = NewApp(graceSeconds: 30);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = false;
        var cancelled = false;
        app.Jobs.Every("drain", TimeSpan.FromSeconds(1), async job =>
        {
            started.SetResult();
            await release.Task;
            cancelled = job.CancellationToken.IsCancellationRequested;
            finished = true;
        });
        await app.StartAsync();
        _time.Advance(TimeSpan.FromMilliseconds(750));
        await started.Task.WaitAsync(Eventually.DefaultWithin);

        var stopping = app.StopAsync();
        stopping.IsCompleted.Should().BeFalse("the job is still running");
        release.SetResult();
        await stopping.WaitAsync(Eventually.DefaultWithin);

        finished.Should().BeTrue();
        cancelled.Should().BeFalse();
    }

    [Fact]
    public async Task Stop_cancels_a_job_still_running_when_the_grace_period_is_over()
    {
        await using var app = NewApp(graceSeconds: 0.2);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Jobs.Every("stuck", TimeSpan.FromSeconds(1), async job =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, job.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
                throw;
            }
        });
        await app.StartAsync();
        _time.Advance(TimeSpan.FromMilliseconds(750));
        await started.Task.WaitAsync(Eventually.DefaultWithin);

        await app.StopAsync().WaitAsync(Eventually.DefaultWithin);

        await cancelled.Task.WaitAsync(Eventually.DefaultWithin);
        await Eventually.True(() => _logs.Collector.GetSnapshot().Any(r => r.Message.Contains("Job stuck was cancelled")), "the cancellation to be logged");
    }

    [Fact]
    public async Task A_once_per_fleet_job_without_a_fleet_lock_stops_the_app_at_start()
    {
        await using var app = NewApp();
        app.Jobs.Every("invoice", TimeSpan.FromMinutes(1), _ => Task.CompletedTask).OncePerFleet();

        var start = () => app.StartAsync();

        await start.Should().ThrowAsync<InvalidOperationException>().WithMessage("*Job 'invoice' runs once per fleet, but the app has no fleet lock*");
    }

    [Fact]
    public async Task A_once_per_fleet_job_runs_only_the_ticks_its_lock_grants()
    {
        await using var app = NewApp();
        var fleetLock = new AlternateTicksLock();
        app.Services.AddSingleton<IFleetLock>(fleetLock);
        var ticks = new ConcurrentQueue<DateTimeOffset>();
        app.Jobs.Every("billing", TimeSpan.FromSeconds(1), job =>
        {
            ticks.Enqueue(job.Tick);
            return Task.CompletedTask;
        }).OncePerFleet();
        await app.StartAsync();

        for (var i = 0; i < 4; i++)
        {
            _time.Advance(i == 0 ? TimeSpan.FromMilliseconds(750) : TimeSpan.FromSeconds(1));
            var asked = i + 1;
            await Eventually.True(() => fleetLock.Released == (asked + 1) / 2 && fleetLock.Asked == asked, $"claim {asked} to be decided");
        }

        ticks.Should().Equal(FirstSecond, FirstSecond.AddSeconds(2));
        fleetLock.Names.Should().OnlyContain(n => n == "billing");
        await app.StopAsync();
    }

    [Fact]
    public async Task Jobs_start_from_a_flow_whose_context_flow_is_suppressed()
    {
        await using var app = NewApp();
        var runs = 0;
        app.Jobs.Every("quiet", TimeSpan.FromSeconds(1), _ =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        });
        Task starting;
        using (ExecutionContext.SuppressFlow())
        {
            starting = app.StartAsync();
        }
        await starting;

        _time.Advance(TimeSpan.FromMilliseconds(750));
        await Eventually.True(() => Volatile.Read(ref runs) == 1, "the first run");
        await app.StopAsync();
    }

    [Fact]
    public void Jobs_are_refused_once_the_app_is_built_and_names_are_unique()
    {
        using var app = NewApp();
        app.Jobs.Every("one", TimeSpan.FromSeconds(1), _ => Task.CompletedTask);
        FluentActions.Invoking(() => app.Jobs.Every("one", TimeSpan.FromSeconds(2), _ => Task.CompletedTask))
            .Should().Throw<ArgumentException>().WithMessage("*'one' is already scheduled*");
        app.Build();
        FluentActions.Invoking(() => app.Jobs.Every("two", TimeSpan.FromSeconds(1), _ => Task.CompletedTask))
            .Should().Throw<InvalidOperationException>().WithMessage("*job 'two' can no longer be added*");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class ScopedThing : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class RecordingFilter(ConcurrentQueue<string> order) : IJobFilter
    {
        public async Task InvokeAsync(JobContext context, Func<Task> next)
        {
            order.Enqueue($"before {context.Name}");
            await next();
            order.Enqueue($"after {context.Name}");
        }
    }

    /// <summary>Grants the first, third... claim, like a fleet where another instance wins every other tick.</summary>
    private sealed class AlternateTicksLock : IFleetLock
    {
        private int _asked;
        private int _released;

        public int Asked => Volatile.Read(ref _asked);

        public int Released => Volatile.Read(ref _released);

        public ConcurrentQueue<string> Names { get; } = new();

        public Task<IAsyncDisposable?> TryClaimAsync(string jobName, DateTimeOffset tick, CancellationToken cancellationToken)
        {
            Names.Enqueue(jobName);
            var granted = Interlocked.Increment(ref _asked) % 2 == 1;
            return Task.FromResult<IAsyncDisposable?>(granted ? new Claim(this) : null);
        }

        private sealed class Claim(AlternateTicksLock owner) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                Interlocked.Increment(ref owner._released);
                return ValueTask.CompletedTask;
            }
        }
    }
}
