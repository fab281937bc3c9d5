using System.Collections.Concurrent;

namespace Zask.ZeroRpc.Tests.Patterns;

/// <summary>Push/pull and publish/subscribe.</summary>
public class OneWayPatternTests
{
    public sealed class Recorder
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public void Notify(string what, long n) => Calls.Enqueue($"{what}:{n}");

        public void Boom() => throw new InvalidOperationException("one-way errors are only logged");
    }

    [Fact]
    public async Task Pushed_events_call_the_puller_and_errors_do_not_stop_it()
    {
        var recorder = new Recorder();
        await using var puller = new ZeroRpcPuller(recorder);
        var endpoint = puller.Bind("tcp://127.0.0.1:*");
        await using var pusher = new ZeroRpcPusher();
        pusher.Connect(endpoint);
        pusher.Push("boom");
        pusher.Push("no_such_method");
        for (var i = 0; i < 3; i++)
        {
            pusher.Push("notify", "pushed", i);
        }
        await Eventually.True(() => recorder.Calls.Count == 3, "three pushes arrived");
        recorder.Calls.Should().BeEquivalentTo("pushed:0", "pushed:1", "pushed:2");
    }

    [Fact]
    public async Task Published_events_reach_every_subscriber()
    {
        await using var publisher = new ZeroRpcPublisher();
        var endpoint = publisher.Bind("tcp://127.0.0.1:*");
        var first = new Recorder();
        var second = new Recorder();
        await using var subscriberA = new ZeroRpcSubscriber(first);
        await using var subscriberB = new ZeroRpcSubscriber(second);
        subscriberA.Connect(endpoint);
        subscriberB.Connect(endpoint);
        // Subscriptions propagate asynchronously (ZeroMQ's slow joiner): publish until both have heard.
        await Eventually.True(() =>
        {
            publisher.Publish("notify", "published", 2);
            return !first.Calls.IsEmpty && !second.Calls.IsEmpty;
        }, "both subscribers received an event");
        first.Calls.Should().OnlyContain(call => call == "published:2");
        second.Calls.Should().OnlyContain(call => call == "published:2");
    }
}
