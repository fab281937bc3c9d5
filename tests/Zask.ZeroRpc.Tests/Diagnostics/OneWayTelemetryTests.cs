using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc.Tests.Support;

namespace Zask.ZeroRpc.Tests.Diagnostics;

/// <summary>
/// Pushed and published events (no reply) over loopback: a Producer span where they are sent, a Consumer span where
/// they are handled, one trace from the sender's span on. Serial: the listeners hear every server in the process.
/// </summary>
[Collection(SerialCollection.Name)]
public class OneWayTelemetryTests
{
    private readonly string _service = "oneway_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Records each event handled and the span current while its handler ran.</summary>
    public sealed class Handler
    {
        public ConcurrentQueue<(string What, Activity? Current)> Calls { get; } = new();

        public void Notify(string what) => Calls.Enqueue((what, Activity.Current));

        public void Boom() => throw new InvalidOperationException("nobody hears this but the span");
    }

    [Fact]
    public async Task A_push_continues_the_pushers_trace_in_a_consumer_span_that_is_current_in_the_handler()
    {
        using var capture = new TelemetryCapture(_service);
        using var caller = new CallerSpan();
        var handler = new Handler();
        await using var puller = new ZeroRpcPuller(handler, new ZeroRpcServerOptions { Name = _service });
        var endpoint = puller.Bind("tcp://127.0.0.1:*");
        await using var pusher = new ZeroRpcPusher(new ZeroRpcClientOptions { ServiceName = _service });
        pusher.Connect(endpoint);

        using (var outer = caller.Start())
        {
            pusher.Push("notify", "pushed");
            Activity.Current.Should().BeSameAs(outer, "the producer span ends with the push and gives the caller's span back");
        }

        await Eventually.True(() => capture.SpansOf(ActivityKind.Consumer).Length == 1, "the puller's span ends");
        var producer = capture.SpansOf(ActivityKind.Producer).Single();
        var consumer = capture.SpansOf(ActivityKind.Consumer).Single();
        producer.ParentSpanId.Should().Be(caller.SpanId);
        consumer.TraceId.Should().Be(caller.TraceId);
        consumer.ParentSpanId.Should().Be(producer.SpanId);
        consumer.HasRemoteParent.Should().BeTrue();
        foreach (var span in new[] { producer, consumer })
        {
            span.DisplayName.Should().Be($"{_service}/notify");
            span.GetTagItem("rpc.system").Should().Be("zerorpc");
            span.GetTagItem("rpc.service").Should().Be(_service);
            span.GetTagItem("rpc.method").Should().Be("notify");
            span.Status.Should().Be(ActivityStatusCode.Unset);
        }
        handler.Calls.Should().ContainSingle().Which.Should().Be(("pushed", consumer));
        ShouldReport(producer, endpoint, "the pusher's span names the puller it connected to");
    }

    [Fact]
    public async Task A_pusher_connected_to_several_pullers_reports_the_first_endpoint_it_connected_to()
    {
        using var capture = new TelemetryCapture(_service);
        await using var first = new ZeroRpcPuller(new Handler(), new ZeroRpcServerOptions { Name = _service });
        await using var second = new ZeroRpcPuller(new Handler(), new ZeroRpcServerOptions { Name = _service });
        var firstEndpoint = first.Bind("tcp://127.0.0.1:*");
        var secondEndpoint = second.Bind("tcp://127.0.0.1:*");
        await using var pusher = new ZeroRpcPusher(new ZeroRpcClientOptions { ServiceName = _service });
        pusher.Connect(firstEndpoint);
        pusher.Connect(secondEndpoint);

        pusher.Push("notify", "one");
        pusher.Push("notify", "two");

        await Eventually.True(() => capture.SpansOf(ActivityKind.Consumer).Length == 2, "both pushes were handled");
        var producers = capture.SpansOf(ActivityKind.Producer);
        producers.Should().HaveCount(2);
        foreach (var producer in producers)
        {
            ShouldReport(producer, firstEndpoint, "a push goes to either puller; the span names the first endpoint");
        }
    }

    [Fact]
    public async Task A_published_event_continues_the_publishers_trace_in_each_subscribers_consumer_span()
    {
        using var capture = new TelemetryCapture(_service);
        using var caller = new CallerSpan();
        await using var publisher = new ZeroRpcPublisher(new ZeroRpcClientOptions { ServiceName = _service });
        var endpoint = publisher.Bind("tcp://127.0.0.1:*");
        var first = new Handler();
        var second = new Handler();
        await using var subscriberA = new ZeroRpcSubscriber(first, new ZeroRpcServerOptions { Name = _service });
        await using var subscriberB = new ZeroRpcSubscriber(second, new ZeroRpcServerOptions { Name = _service });
        subscriberA.Connect(endpoint);
        subscriberB.Connect(endpoint);

        using (caller.Start())
        {
            // Subscriptions propagate asynchronously (ZeroMQ's slow joiner): publish until both have heard.
            await Eventually.True(() =>
            {
                publisher.Publish("notify", "published");
                return !first.Calls.IsEmpty && !second.Calls.IsEmpty;
            }, "both subscribers received an event");
        }

        var producers = capture.SpansOf(ActivityKind.Producer).ToDictionary(span => span.SpanId);
        producers.Values.Should().OnlyContain(span => span.ParentSpanId == caller.SpanId && span.DisplayName == $"{_service}/notify");
        foreach (var handler in new[] { first, second })
        {
            // Each event a subscriber handled ran in its Consumer span, the child of the publish that sent it.
            foreach (var (what, current) in handler.Calls)
            {
                what.Should().Be("published");
                current.Should().NotBeNull();
                current!.Kind.Should().Be(ActivityKind.Consumer);
                current.TraceId.Should().Be(caller.TraceId);
                producers.Should().ContainKey(current.ParentSpanId, "the consumer's parent is one of the publisher's spans");
                current.GetTagItem("rpc.method").Should().Be("notify");
            }
        }
        foreach (var producer in producers.Values)
        {
            ShouldReport(producer, endpoint, "the publisher's span names the endpoint it bound");
        }
    }

    [Fact]
    public async Task A_failing_handler_marks_its_consumer_span_with_the_error()
    {
        using var capture = new TelemetryCapture(_service);
        await using var puller = new ZeroRpcPuller(new Handler(), new ZeroRpcServerOptions { Name = _service });
        var endpoint = puller.Bind("tcp://127.0.0.1:*");
        await using var pusher = new ZeroRpcPusher(new ZeroRpcClientOptions { ServiceName = _service });
        pusher.Connect(endpoint);

        pusher.Push("boom");

        await Eventually.True(() => capture.SpansOf(ActivityKind.Consumer).Length == 1, "the puller's span ends");
        var consumer = capture.SpansOf(ActivityKind.Consumer).Single();
        consumer.Status.Should().Be(ActivityStatusCode.Error);
        consumer.GetTagItem("error.type").Should().Be("InvalidOperationException");
        consumer.ParentSpanId.Should().Be(capture.SpansOf(ActivityKind.Producer).Single().SpanId);
    }

    /// <summary>The span's <c>server.address</c> and <c>server.port</c> are those of a <c>tcp://host:port</c> endpoint.</summary>
    private static void ShouldReport(Activity span, string endpoint, string because)
    {
        var colon = endpoint.LastIndexOf(':');
        span.GetTagItem("server.address").Should().Be(endpoint["tcp://".Length..colon], because);
        span.GetTagItem("server.port").Should().Be(int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture), because);
    }
}
