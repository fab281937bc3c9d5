using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Showcase;
using Zask.Interop.Tests.Support;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Server;

namespace Zask.Interop.Tests;

/// <summary>
/// W3C trace context in the event header with real peers: a Python caller's <c>traceparent</c> is continued by our
/// server, a Python puller decodes events whose header carries ours, and zerorpc-node answers requests that carry the
/// extra keys as it answers any other.
/// </summary>
public sealed class TraceContextInteropTests : IClassFixture<NodeServerFixture>, IDisposable
{
    private readonly NodeServerFixture _node;
    private readonly string _service = "traced_" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public TraceContextInteropTests(NodeServerFixture node)
    {
        _node = node;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ZeroRpcDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("rpc.service") as string == _service)
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [PyzmqFact]
    public async Task A_python_caller_that_sends_a_traceparent_has_its_trace_continued()
    {
        await using var server = Serve(out var endpoint);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        var reply = await PythonPeer.CallAsync(endpoint, "hello", """["traced"]""",
            $$"""{"traceparent": "00-{{traceId}}-{{callerSpan}}-01", "tracestate": "py=1"}""");

        reply.GetProperty("name").GetString().Should().Be("OK");
        reply.GetProperty("args")[0].GetString().Should().Be("Hello, traced!");
        var span = await ServerSpanAsync();
        span.TraceId.Should().Be(traceId);
        span.ParentSpanId.Should().Be(callerSpan, "the server span is the child of the caller's span");
        span.HasRemoteParent.Should().BeTrue();
        span.TraceStateString.Should().Be("py=1");
    }

    [PyzmqFact]
    public async Task A_python_caller_that_sends_no_trace_context_starts_a_new_trace()
    {
        await using var server = Serve(out var endpoint);

        var reply = await PythonPeer.CallAsync(endpoint, "hello", """["plain"]""");

        reply.GetProperty("name").GetString().Should().Be("OK");
        var span = await ServerSpanAsync();
        span.ParentSpanId.Should().Be(default(ActivitySpanId));
        span.TraceId.Should().NotBe(default(ActivityTraceId));
    }

    [PyzmqFact]
    public async Task A_malformed_traceparent_starts_a_new_trace_and_the_call_is_served()
    {
        await using var server = Serve(out var endpoint);

        var reply = await PythonPeer.CallAsync(endpoint, "hello", """["odd"]""", """{"traceparent": "not-a-trace"}""");

        reply.GetProperty("name").GetString().Should().Be("OK");
        (await ServerSpanAsync()).ParentSpanId.Should().Be(default(ActivitySpanId));
    }

    [PyzmqFact]
    public async Task A_python_puller_decodes_a_pushed_event_whose_header_carries_the_producer_spans_traceparent()
    {
        var endpoint = FreePort.Endpoint();
        using var puller = PythonPeer.Start("events.py", "pull", endpoint);
        try
        {
            (await puller.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))).Should().Be("listening");
            await using var pusher = new ZeroRpcPusher(new ZeroRpcClientOptions { ServiceName = _service });
            pusher.Connect(endpoint);
            var outer = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
            try
            {
                pusher.Push("order_paid", 42, "eur");
            }
            finally
            {
                outer.Stop();
            }

            var stdout = await puller.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await puller.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            puller.ExitCode.Should().Be(0, "events.py decoded the event: {0}{1}", stdout, await puller.StandardError.ReadToEndAsync());
            var evt = JsonDocument.Parse(stdout).RootElement;
            evt.GetProperty("name").GetString().Should().Be("order_paid");
            evt.GetProperty("args")[0].GetInt32().Should().Be(42);
            evt.GetProperty("args")[1].GetString().Should().Be("eur");
            var header = evt.GetProperty("header");
            header.GetProperty("v").GetInt32().Should().Be(3);
            var producer = _spans.Should().ContainSingle(span => span.Kind == ActivityKind.Producer).Which;
            producer.TraceId.Should().Be(outer.TraceId, "the push was made while the caller's span was current");
            producer.ParentSpanId.Should().Be(outer.SpanId);
            header.GetProperty("traceparent").GetString().Should().Be(producer.Id, "the W3C id of the producer span is its traceparent");
        }
        finally
        {
            if (!puller.HasExited)
            {
                puller.Kill(entireProcessTree: true);
            }
        }
    }

    [InteropFact]
    public async Task A_node_subscriber_decodes_a_published_event_whose_header_carries_the_producer_spans_traceparent()
    {
        NodePeer.EnsureAvailable();
        await using var publisher = new ZeroRpcPublisher(new ZeroRpcClientOptions { ServiceName = _service });
        var endpoint = publisher.Bind(FreePort.Endpoint());
        using var subscriber = NodePeer.StartScript("events.js", "subscribe", endpoint);
        try
        {
            var line = subscriber.StandardOutput.ReadLineAsync();
            var outer = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
            try
            {
                // The subscription reaches the publisher a moment after it connects: publish until one is heard of.
                await Eventually.True(() =>
                {
                    publisher.Publish("order_paid", 7, "usd");
                    return line.IsCompleted;
                }, "an event decoded by zerorpc-node's codec", TimeSpan.FromSeconds(60));
            }
            finally
            {
                outer.Stop();
            }

            var text = await line;
            text.Should().NotBeNull("events.js said {0}", await subscriber.StandardError.ReadToEndAsync());
            var evt = JsonDocument.Parse(text!).RootElement;
            evt.GetProperty("name").GetString().Should().Be("order_paid");
            evt.GetProperty("args")[0].GetInt32().Should().Be(7);
            var traceParent = evt.GetProperty("header").GetProperty("traceparent").GetString();
            _spans.Where(span => span.Kind == ActivityKind.Producer && span.ParentSpanId == outer.SpanId).Select(span => span.Id)
                .Should().Contain(traceParent, "the header zerorpc-node decoded carries the traceparent of one of the publishes");
        }
        finally
        {
            subscriber.KillTree();
        }
    }

    [InteropFact]
    public async Task Zerorpc_node_answers_calls_and_streams_that_carry_trace_context()
    {
        NodePeer.EnsureAvailable();
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            ServiceName = _service,
            Timeout = TimeSpan.FromSeconds(10),
            Heartbeat = HeartbeatOptions.FromSeconds(NodeServerFixture.HeartbeatMilliseconds / 1000.0),
        });
        client.Connect(_node.Endpoint);

        (await client.CallAsync<string>("hello", "node")).Should().Be("Hello, node!");
        var items = new List<long>();
        await foreach (var item in client.StreamAsync<long>("range", 4))
        {
            items.Add(item);
        }
        items.Should().Equal(0, 1, 2, 3);
        var fail = () => client.CallAsync<object>("fail", "traced");
        (await fail.Should().ThrowAsync<RemoteException>()).Which.RemoteMessage.Should().Be("traced");

        // Each request went out with a client span active, so with its traceparent in the header.
        _spans.Should().HaveCount(3).And.OnlyContain(span => span.Kind == ActivityKind.Client);
        _spans.Select(span => span.GetTagItem(ZeroRpcDiagnostics.StreamItemsAttribute)).Should().Contain(4L);
        _spans.Last().Status.Should().Be(ActivityStatusCode.Error);
    }

    public void Dispose() => _listener.Dispose();

    private ZeroRpcServer Serve(out string endpoint)
    {
        var server = new ZeroRpcServer(new ShowcaseService(), new ZeroRpcServerOptions { Name = _service });
        endpoint = server.Bind("tcp://127.0.0.1:*");
        return server;
    }

    private async Task<Activity> ServerSpanAsync()
    {
        await Eventually.True(() => !_spans.IsEmpty, "the server span ends");
        return _spans.Should().ContainSingle().Which;
    }
}
