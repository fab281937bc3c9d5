using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Zask.Tests;

/// <summary>Starting, started, stopping and stopped hooks on the generic host's lifetime.</summary>
public sealed class AppLifeHookTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A hosted service that records when it starts and stops among the hooks.</summary>
    private sealed class Recorder(ConcurrentQueue<string> order) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            order.Enqueue("service started");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            order.Enqueue("service stopped");
            return Task.CompletedTask;
        }
    }

    private ZaskApp NewApp()
    {
        var app = Apps.Isolated(_dir.Path);
        app.Config["DEBUG"] = false;
        app.Config["ERROR_LOG"] = _dir.Combine("error.log");
        return app;
    }

    [Fact]
    public async Task Hooks_run_in_registration_order_around_the_hosted_services()
    {
        await using var app = NewApp();
        var order = new ConcurrentQueue<string>();
        app.OnStarting(_ => order.Enqueue("starting 1"));
        app.OnStarting(async (services, ct) =>
        {
            await Task.Yield();
            services.GetRequiredService<ZaskApp>().Should().BeSameAs(app);
            order.Enqueue("starting 2");
        });
        app.OnStarted(_ => order.Enqueue("started"));
        app.OnStopping(_ => order.Enqueue("stopping"));
        app.OnStopped(_ => order.Enqueue("stopped"));
        app.AddHostedService(new Recorder(order));

        await app.StartAsync().WaitAsync(Patience);
        order.Should().Equal("starting 1", "starting 2", "service started", "started");
        await app.StopAsync().WaitAsync(Patience);
        order.Should().Equal("starting 1", "starting 2", "service started", "started", "stopping", "service stopped", "stopped");
    }

    [Fact]
    public async Task A_failing_starting_hook_stops_the_app_with_its_message_before_any_service_starts()
    {
        await using var app = NewApp();
        var order = new ConcurrentQueue<string>();
        app.OnStarting(_ => throw new InvalidOperationException("cache warm-up failed: redis unreachable"));
        app.OnStarting(_ => order.Enqueue("second starting hook"));
        app.AddHostedService(new Recorder(order));

        await FluentActions.Awaiting(() => app.RunAsync().WaitAsync(Patience))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("cache warm-up failed: redis unreachable");
        order.Should().BeEmpty("nothing starts after a starting hook failed");
        var log = _dir.Combine("error.log");
        await Eventually.True(() => File.Exists(log) && Apps.ReadShared(log).Contains("Starting hook failed: cache warm-up failed"), "the failure in the error log");
    }

    [Fact]
    public async Task A_failing_stopping_hook_is_logged_and_the_stop_carries_on()
    {
        await using var app = NewApp();
        var order = new ConcurrentQueue<string>();
        app.OnStopping(_ => throw new IOException("flush failed"));
        app.OnStopping(_ => order.Enqueue("second stopping hook"));
        app.OnStopped(_ => order.Enqueue("stopped"));
        app.AddHostedService(new Recorder(order));

        await app.StartAsync().WaitAsync(Patience);
        await app.StopAsync().WaitAsync(Patience);
        order.Should().Equal("service started", "second stopping hook", "service stopped", "stopped");
        var log = _dir.Combine("error.log");
        await Eventually.True(() => File.Exists(log) && Apps.ReadShared(log).Contains("Stopping hook failed: flush failed"), "the failure in the error log");
    }
}
