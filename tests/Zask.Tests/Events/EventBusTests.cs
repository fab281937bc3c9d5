using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Zask.Events;

namespace Zask.Tests.Events;

/// <summary>The in-process event bus: named events, handlers by delegate and attribute, scopes, failures, order.</summary>
public sealed class EventBusTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();
    private readonly ZaskApp _app;

    public EventBusTests()
    {
        _app = Apps.Isolated(_dir.Path);
        _app.Config["DEBUG"] = false;
        _app.Config["ERROR_LOG"] = _dir.Combine("error.log");
        _app.Services.AddSingleton<Seen>();
        _app.Services.AddScoped<ScopeProbe>();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>What handlers saw, shared through the container.</summary>
    public sealed class Seen
    {
        public ConcurrentQueue<string> Items { get; } = new();
    }

    /// <summary>A scoped service: one instance per scope, so two handlers must see two.</summary>
    public sealed class ScopeProbe
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    public sealed class UserHandlers(Seen seen, ScopeProbe probe)
    {
        [OnEvent("user_added")]
        public async Task OnUserAdded(string username, int age, CancellationToken cancellationToken)
        {
            await Task.Yield();
            seen.Items.Enqueue($"attribute:{username}:{age}:{probe.Id}");
        }

        [OnEvent("user_removed")]
        public void OnUserRemoved(string username) => seen.Items.Enqueue($"removed:{username}");
    }

    [Fact]
    public async Task Delegate_and_attribute_handlers_receive_the_payload_each_in_its_own_scope()
    {
        Guid? delegateScope = null;
        _app.Events.Subscribe("user_added", (payload, services, _) =>
        {
            delegateScope = services.GetRequiredService<ScopeProbe>().Id;
            services.GetRequiredService<Seen>().Items.Enqueue($"delegate:{payload[0]}:{payload[1]}");
            return Task.CompletedTask;
        });
        _app.Events.Subscribe<UserHandlers>();

        // Numbers arrive in whatever width the publisher chose (a long from MessagePack): converted to the parameter's.
        await _app.Events.PublishAsync("user_added", "alice", 30L).WaitAsync(Patience);

        var seen = _app.ServiceProvider.GetRequiredService<Seen>().Items.ToArray();
        seen.Should().HaveCount(2);
        seen[0].Should().Be("delegate:alice:30");
        seen[1].Should().StartWith("attribute:alice:30:");
        Guid.Parse(seen[1].Split(':')[3]).Should().NotBe(delegateScope!.Value, "each handler gets a scope of its own");
    }

    [Fact]
    public async Task A_failing_handler_is_logged_and_the_others_and_the_publisher_carry_on()
    {
        var ran = new ConcurrentQueue<string>();
        _app.Events.Subscribe("order_paid", _ => ran.Enqueue("first"));
        _app.Events.Subscribe("order_paid", _ => throw new InvalidOperationException("ledger is closed"));
        _app.Events.Subscribe("order_paid", _ => ran.Enqueue("third"));

        _app.Events.Publish("order_paid", 7);
        await _app.Events.PublishAsync("order_paid", 8).WaitAsync(Patience);

        ran.Should().Equal("first", "third", "first", "third");
        var log = _dir.Combine("error.log");
        await Eventually.True(() => File.Exists(log) && Apps.ReadShared(log).Contains("ledger is closed"), "the handler's failure in the error log");
        Apps.ReadShared(log).Should().Contain("of event 'order_paid' failed");
    }

    [Fact]
    public async Task Events_from_one_publisher_are_handled_in_the_order_published()
    {
        var order = new ConcurrentQueue<int>();
        _app.Events.Subscribe("tick", async (payload, _, _) =>
        {
            // An async handler that yields must still not let the next event overtake it.
            await Task.Yield();
            order.Enqueue(Convert.ToInt32(payload[0], System.Globalization.CultureInfo.InvariantCulture));
        });
        for (var i = 0; i < 200; i++)
        {
            _app.Events.Publish("tick", i);
        }
        await Eventually.True(() => order.Count == 200, "all 200 ticks handled", Patience);
        order.Should().Equal(Enumerable.Range(0, 200));
    }

    [Fact]
    public async Task Unsubscribed_and_unknown_events_run_nothing()
    {
        var ran = 0;
        var subscription = _app.Events.Subscribe("ping", _ => Interlocked.Increment(ref ran));
        await _app.Events.PublishAsync("ping").WaitAsync(Patience);
        subscription.Dispose();
        await _app.Events.PublishAsync("ping").WaitAsync(Patience);
        await _app.Events.PublishAsync("nobody_listens", 1, 2).WaitAsync(Patience);
        ran.Should().Be(1);
        _app.Events.SubscribedNames.Should().NotContain("ping");
    }

    [Fact]
    public void A_handler_class_without_handlers_is_refused()
    {
        FluentActions.Invoking(() => _app.Events.Subscribe<Seen>()).Should().Throw<ArgumentException>().WithMessage("*[OnEvent*");
    }

    [Fact]
    public async Task Forwarders_see_published_events_but_not_local_ones()
    {
        var forwarded = new ConcurrentQueue<string>();
        _app.Events.Forward((name, payload, _) =>
        {
            forwarded.Enqueue($"{name}({payload[0]})");
            return Task.CompletedTask;
        });
        _app.Events.PublishLocal("user_added", "from-another-service");
        await _app.Events.PublishAsync("user_added", "from-here").WaitAsync(Patience);
        forwarded.Should().Equal("user_added(from-here)");
    }
}
