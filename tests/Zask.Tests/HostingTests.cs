using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Zask.Tests;

public sealed class HostingTests : IDisposable
{
    // A hang guard only: no test here asserts an upper bound on a duration.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A fake server whose StopAsync drains in-flight work that ends when the test says so.</summary>
    private sealed class DrainingService(bool honoursToken = true) : IHostedService
    {
        private readonly TaskCompletionSource _work = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Stopping { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool StopCalled => Stopping.Task.IsCompleted;

        public bool WorkCompleted { get; private set; }

        public bool WorkCut { get; private set; }

        /// <summary>How long after StopAsync began the host cancelled its token: a lower bound is the grace period.</summary>
        public TimeSpan? CutAfter { get; private set; }

        /// <summary>A service with no work in flight.</summary>
        public static DrainingService Idle()
        {
            var service = new DrainingService();
            service.FinishWork();
            return service;
        }

        /// <summary>Ends the in-flight work.</summary>
        public void FinishWork() => _work.TrySetResult();

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            var began = Stopwatch.GetTimestamp();
            Stopping.TrySetResult();
            try
            {
                await _work.Task.WaitAsync(honoursToken ? cancellationToken : CancellationToken.None);
                WorkCompleted = true;
            }
            catch (OperationCanceledException)
            {
                CutAfter = Stopwatch.GetElapsedTime(began);
                WorkCut = true;
            }
        }
    }

    private ZaskApp NewApp(double graceSeconds)
    {
        var app = Apps.Isolated(_dir.Path);
        app.Config["SHUTDOWN_GRACE_PERIOD"] = graceSeconds;
        app.Config["DEBUG"] = false;
        app.Config["ERROR_LOG"] = _dir.Combine("error.log");
        app.Config["ZERORPC_ACCESS_LOG"] = _dir.Combine("access.log");
        return app;
    }

    /// <summary>Runs <paramref name="app"/> with <paramref name="service"/> hosted and returns the run once the service started.</summary>
    private static async Task<Task> RunUntilStartedAsync(ZaskApp app, DrainingService service, CancellationToken stop = default)
    {
        app.AddHostedService(service);
        var run = app.RunAsync(stop);
        await service.Started.Task.WaitAsync(Patience);
        return run;
    }

    [Fact]
    public async Task RunAsync_runs_hosted_services_until_the_token_is_cancelled()
    {
        await using var app = NewApp(5);
        var service = DrainingService.Idle();
        using var cts = new CancellationTokenSource();
        var run = await RunUntilStartedAsync(app, service, cts.Token);

        run.IsCompleted.Should().BeFalse();
        service.StopCalled.Should().BeFalse();
        await cts.CancelAsync();
        await run.WaitAsync(Patience);
        service.StopCalled.Should().BeTrue();
        service.WorkCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task StopAsync_ends_a_running_app()
    {
        await using var app = NewApp(5);
        var service = DrainingService.Idle();
        var run = await RunUntilStartedAsync(app, service);
        await app.StopAsync().WaitAsync(Patience);

        run.IsCompleted.Should().BeTrue();
        service.StopCalled.Should().BeTrue();
    }

    [Fact]
    public async Task StartAsync_and_StopAsync_work_without_RunAsync()
    {
        await using var app = NewApp(5);
        var service = new DrainingService();
        app.AddHostedService(service);

        await app.StartAsync();
        service.Started.Task.IsCompleted.Should().BeTrue();
        var stop = app.StopAsync();
        await service.Stopping.Task.WaitAsync(Patience);
        stop.IsCompleted.Should().BeFalse("stopping waits for the in-flight work");
        service.FinishWork();
        await stop.WaitAsync(Patience);

        service.WorkCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task Grace_period_lets_in_flight_work_finish()
    {
        await using var app = NewApp(10);
        var service = new DrainingService();
        using var cts = new CancellationTokenSource();
        var run = await RunUntilStartedAsync(app, service, cts.Token);
        await cts.CancelAsync();
        await service.Stopping.Task.WaitAsync(Patience);
        run.IsCompleted.Should().BeFalse("the app waits for the in-flight work");
        service.FinishWork();
        await run.WaitAsync(Patience);

        service.WorkCompleted.Should().BeTrue();
        service.WorkCut.Should().BeFalse("the work ended within the 10 s grace period");
        app.ServiceProvider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Work_beyond_the_grace_period_is_cut()
    {
        await using var app = NewApp(0.5);
        var service = new DrainingService();
        using var cts = new CancellationTokenSource();
        var run = await RunUntilStartedAsync(app, service, cts.Token);
        await cts.CancelAsync();
        // The work never ends by itself: only the grace period running out can end the run.
        await run.WaitAsync(Patience);

        service.WorkCut.Should().BeTrue();
        service.WorkCompleted.Should().BeFalse();
        // A lower bound only, and it is the feature: the work was not cut before its grace period.
        service.CutAfter.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task A_service_ignoring_the_grace_period_is_abandoned()
    {
        await using var app = NewApp(0.5);
        var service = new DrainingService(honoursToken: false);
        using var cts = new CancellationTokenSource();
        var run = await RunUntilStartedAsync(app, service, cts.Token);
        var cancelled = Stopwatch.GetTimestamp();
        await cts.CancelAsync();
        // The work never ends and ignores the token: only abandoning the service can end the run.
        await run.WaitAsync(Patience);
        var abandonedAfter = Stopwatch.GetElapsedTime(cancelled);
        service.FinishWork();

        service.WorkCompleted.Should().BeFalse();
        // A lower bound only, and it is the feature: the service was given its grace period first.
        abandonedAfter.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400));
    }

    private sealed class Recorder
    {
        public List<string> Events { get; } = [];
    }

    private sealed class RecordingService(Recorder recorder, Config config) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            lock (recorder)
            {
                recorder.Events.Add("started with " + config.GetString("GREETING"));
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                lock (recorder)
                {
                    recorder.Events.Add("stopping");
                }
            }
        }
    }

    [Fact]
    public async Task Hosted_services_registered_by_type_get_dependencies_injected()
    {
        await using var app = NewApp(5);
        app.Config["GREETING"] = "hi";
        var recorder = new Recorder();
        app.Services.AddSingleton(recorder);
        app.Services.AddHostedService<RecordingService>();
        using var cts = new CancellationTokenSource();

        var run = app.RunAsync(cts.Token);
        await Eventually.True(() => { lock (recorder) { return recorder.Events.Count > 0; } }, "the recorder saw an event", Patience);
        await cts.CancelAsync();
        await run.WaitAsync(Patience);

        recorder.Events.Should().Equal("started with hi", "stopping");
    }

    [Fact]
    public async Task Running_twice_at_once_is_refused()
    {
        await using var app = NewApp(5);
        var service = DrainingService.Idle();
        using var cts = new CancellationTokenSource();
        var run = await RunUntilStartedAsync(app, service, cts.Token);
        var second = () => app.RunAsync();

        await second.Should().ThrowAsync<InvalidOperationException>();
        await cts.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task Run_blocks_until_stopped()
    {
        using var app = NewApp(5);
        var service = DrainingService.Idle();
        app.AddHostedService(service);

        var thread = Task.Factory.StartNew(app.Run, TaskCreationOptions.LongRunning);
        await service.Started.Task.WaitAsync(Patience);
        thread.IsCompleted.Should().BeFalse();
        await app.StopAsync().WaitAsync(Patience);

        await thread.WaitAsync(Patience);
    }

    [Fact]
    public void Services_are_frozen_and_the_provider_available_after_build()
    {
        using var app = NewApp(5);
        var early = () => app.ServiceProvider;
        early.Should().Throw<InvalidOperationException>();

        var host = app.Build();

        app.Build().Should().BeSameAs(host);
        app.IsBuilt.Should().BeTrue();
        app.ServiceProvider.GetRequiredService<ZaskApp>().Should().BeSameAs(app);
        var late = () => app.Services;
        late.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Grace_period_setting_must_be_a_non_negative_number()
    {
        using var app = NewApp(5);
        app.Config["SHUTDOWN_GRACE_PERIOD"] = -1;

        var act = () => app.Build();

        act.Should().Throw<ConfigTypeException>().WithMessage("*SHUTDOWN_GRACE_PERIOD*");
    }

    [Fact]
    public void Create_names_the_app_after_the_entry_assembly_and_passes_args_to_the_host()
    {
        using var app = ZaskApp.Create(["--greeting=hello"], o => o.RootPath = _dir.Path);

        app.Name.Should().Be(Assembly.GetEntryAssembly()!.GetName().Name);
        app.RootPath.Should().Be(_dir.Path);
        app.Build();
        app.ServiceProvider.GetRequiredService<IConfiguration>()["greeting"].Should().Be("hello");
        app.ServiceProvider.GetRequiredService<IHostEnvironment>().ContentRootPath.TrimEnd('/').Should().Be(_dir.Path);
    }

    [Fact]
    public void Root_path_defaults_to_the_application_base_directory()
    {
        using var app = new ZaskApp("orders");

        app.Name.Should().Be("orders");
        app.RootPath.Should().Be(Path.GetFullPath(AppContext.BaseDirectory));
        app.Config.RootPath.Should().Be(app.RootPath);
    }
}
