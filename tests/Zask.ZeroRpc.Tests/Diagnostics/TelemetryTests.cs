using System.Diagnostics;
using System.Net.Sockets;
using Zask.ZeroRpc.Diagnostics;
using NetMQ;
using Zask.ZeroRpc.Extension;

namespace Zask.ZeroRpc.Tests.Diagnostics;

/// <summary>
/// Server and Client spans and call metrics between our client and our server over loopback, seen by in-process
/// listeners. Serial: while a listener is attached every server in the process reports its calls.
/// </summary>
[Collection(SerialCollection.Name)]
public class TelemetryTests
{
    private readonly string _service = "telemetry_" + Guid.NewGuid().ToString("N")[..8];

    private (ZeroRpcServer Server, ZeroRpcClient Client, string Endpoint) Start(ZeroRpcContext? clientContext = null,
        ZeroRpcContext? serverContext = null)
    {
        var server = new ZeroRpcServer(new ShowcaseService(), new ZeroRpcServerOptions { Name = _service, Context = serverContext });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            ServiceName = _service, Timeout = TimeSpan.FromSeconds(10), Context = clientContext,
        });
        client.Connect(endpoint);
        return (server, client, endpoint);
    }

    [Fact]
    public async Task A_call_makes_a_client_span_and_a_server_span_of_the_same_trace()
    {
        using var capture = new TelemetryCapture(_service);
        var (server, client, endpoint) = Start(new ZeroRpcContext(new RequestChainMiddleware()),
            new ZeroRpcContext(new RequestChainMiddleware()));
        await using var _ = server;
        await using var __ = client;

        (await client.CallAsync<string>("hello", "trace")).Should().Be("Hello, trace!");

        await Eventually.True(() => capture.SpansOf(ActivityKind.Server).Length == 1, "the server span ends");
        var serverSpan = capture.SpansOf(ActivityKind.Server).Single();
        var clientSpan = capture.SpansOf(ActivityKind.Client).Single();
        var port = new Uri(endpoint).Port;
        foreach (var span in new[] { serverSpan, clientSpan })
        {
            span.DisplayName.Should().Be($"{_service}/hello");
            span.GetTagItem("rpc.system").Should().Be("zerorpc");
            span.GetTagItem("rpc.service").Should().Be(_service);
            span.GetTagItem("rpc.method").Should().Be("hello");
            span.GetTagItem("server.address").Should().Be("127.0.0.1");
            span.GetTagItem("server.port").Should().Be(port);
            span.Status.Should().Be(ActivityStatusCode.Unset);
        }
        serverSpan.TraceId.Should().Be(clientSpan.TraceId);
        serverSpan.ParentSpanId.Should().Be(clientSpan.SpanId);
        serverSpan.HasRemoteParent.Should().BeTrue();
        serverSpan.GetTagItem(ZeroRpcDiagnostics.CallIdAttribute).Should().BeOfType<string>()
            .Which.Should().MatchRegex("^[0-9a-f-]{36}$", "the request chain's call id is on the span");
    }

    [Fact]
    public async Task A_remote_error_sets_the_error_status_and_type_on_both_spans_and_counts_it_by_name()
    {
        using var capture = new TelemetryCapture(_service);
        var (server, client, _) = Start();
        await using var _s = server;
        await using var _c = client;

        var act = () => client.CallAsync<object>("fail", "nope");
        (await act.Should().ThrowAsync<RemoteException>()).Which.Name.Should().Be("ValueError");

        await Eventually.True(() => capture.SpansOf(ActivityKind.Server).Length == 1, "the server span ends");
        foreach (var span in capture.Spans)
        {
            span.Status.Should().Be(ActivityStatusCode.Error);
            span.StatusDescription.Should().Be("nope");
            span.GetTagItem("error.type").Should().Be("ValueError");
        }
        capture.Sum("zask.rpc.client.remote_errors", ("error.type", "ValueError"), ("rpc.method", "fail")).Should().Be(1);
        await Eventually.True(() => capture.Count("rpc.server.call.duration", ("error.type", "ValueError")) == 1,
            "the server records the failed call's duration with its error type");
        capture.Count("rpc.client.call.duration", ("error.type", "ValueError")).Should().Be(1);
    }

    [Fact]
    public async Task A_stream_span_ends_after_the_last_item_and_counts_the_items()
    {
        using var capture = new TelemetryCapture(_service);
        var (server, client, _) = Start();
        await using var _s = server;
        await using var _c = client;

        var seen = 0;
        await foreach (var _ in client.StreamAsync<long>("range", 25))
        {
            seen++;
            if (seen == 10)
            {
                // (The server may have sent all 25 within the caller's first credit, and ended its span.)
                capture.SpansOf(ActivityKind.Client).Should().BeEmpty("the caller's span stays open while items come");
            }
        }

        await Eventually.True(() => capture.Spans.Count == 2, "both spans end");
        foreach (var span in capture.Spans)
        {
            span.GetTagItem(ZeroRpcDiagnostics.StreamItemsAttribute).Should().Be(25L);
            span.Status.Should().Be(ActivityStatusCode.Unset);
        }
        capture.Sum("zask.rpc.server.stream.items", ("rpc.method", "range")).Should().Be(25);
        capture.Sum("zask.rpc.client.stream.items", ("rpc.method", "range")).Should().Be(25);
    }

    [Fact]
    public async Task A_failed_stream_keeps_its_items_and_its_error()
    {
        using var capture = new TelemetryCapture(_service);
        var (server, client, _) = Start();
        await using var _s = server;
        await using var _c = client;

        var act = async () =>
        {
            await foreach (var _ in client.StreamAsync<long>("stream_fail", 3))
            {
            }
        };
        await act.Should().ThrowAsync<RemoteException>();

        await Eventually.True(() => capture.Spans.Count == 2, "both spans end");
        capture.Spans.Should().OnlyContain(span => span.Status == ActivityStatusCode.Error
            && (string?)span.GetTagItem("error.type") == "RuntimeError"
            && (long?)span.GetTagItem(ZeroRpcDiagnostics.StreamItemsAttribute) == 3);
    }

    [Fact]
    public async Task Durations_and_calls_in_flight_are_measured_by_method()
    {
        using var capture = new TelemetryCapture(_service);
        var (server, client, _) = Start();
        await using var _s = server;
        await using var _c = client;

        for (var i = 0; i < 3; i++)
        {
            await client.CallAsync<string>("hello", "m");
        }
        await client.CallAsync<object>("echo", 1);

        // The server measures a call once its reply is sent, so maybe after the caller has it.
        await Eventually.True(() => capture.Count("rpc.server.call.duration", ("rpc.method", "hello")) == 3
            && capture.Count("rpc.server.call.duration", ("rpc.method", "echo"), ("rpc.system", "zerorpc")) == 1,
            "the server measured three calls to hello and one to echo");
        capture.Count("rpc.client.call.duration", ("rpc.method", "hello"), ("rpc.service", _service)).Should().Be(3);
        capture.Measurements.Where(m => m.Instrument.EndsWith(".call.duration", StringComparison.Ordinal))
            .Should().OnlyContain(m => m.Value > 0 && m.Value < 30 && !m.Tags.ContainsKey("error.type"));
        capture.Observe();
        capture.Last("zask.rpc.server.active_calls", ("rpc.method", "hello")).Should().Be(0, "every call to hello has ended");
        capture.Last("zask.rpc.client.active_calls", ("rpc.method", "echo")).Should().Be(0);
    }

    [Fact]
    public async Task A_calls_span_lasts_exactly_the_duration_its_metric_records_and_starts_at_the_wall_clock_time()
    {
        using var capture = new TelemetryCapture(_service);
        var (server, client, _) = Start();
        await using var _s = server;
        await using var _c = client;
        var before = DateTime.UtcNow;

        await client.CallAsync<object>("sleep", 0.05);

        await Eventually.True(() => capture.SpansOf(ActivityKind.Server).Length == 1
            && capture.Count("rpc.server.call.duration", ("rpc.method", "sleep")) == 1, "the server measured the call");
        var after = DateTime.UtcNow;
        foreach (var (kind, instrument) in new[] { (ActivityKind.Server, "rpc.server.call.duration"), (ActivityKind.Client, "rpc.client.call.duration") })
        {
            var span = capture.SpansOf(kind).Single();
            // One pair of clock reads for both: the span's duration is the metric's value to the tick.
            span.Duration.TotalSeconds.Should().Be(capture.Last(instrument, ("rpc.method", "sleep")), $"the {kind} span and its metric");
            span.Duration.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(45));
            // Its wall-clock start comes from the same timestamp, read against the system clock.
            span.StartTimeUtc.Should().BeOnOrAfter(before.AddMilliseconds(-50)).And.BeOnOrBefore(after);
            (span.StartTimeUtc + span.Duration).Should().BeOnOrBefore(after.AddMilliseconds(50));
        }
    }

    [Fact]
    public async Task Calls_in_flight_are_read_by_method_while_they_run()
    {
        using var capture = new TelemetryCapture(_service);
        var (server, client, _) = Start();
        await using var _s = server;
        await using var _c = client;

        var sleeping = client.CallAsync<object>("sleep", 5);
        await Eventually.True(() =>
        {
            capture.Observe();
            return capture.Last("zask.rpc.server.active_calls", ("rpc.method", "sleep")) == 1;
        }, "the server reads one call to sleep in flight");
        capture.Last("zask.rpc.client.active_calls", ("rpc.method", "sleep"), ("rpc.service", _service)).Should().Be(1);
        await sleeping;

        await Eventually.True(() =>
        {
            capture.Observe();
            return capture.Last("zask.rpc.server.active_calls", ("rpc.method", "sleep")) == 0;
        }, "the call has ended on the server");
        capture.Last("zask.rpc.client.active_calls", ("rpc.method", "sleep")).Should().Be(0);
    }

    [Fact]
    public async Task A_caller_that_sends_no_trace_context_starts_a_new_trace()
    {
        // Client spans are not sampled: the client sends the current span's context, and here there is none.
        using var capture = new TelemetryCapture(_service, sampleClientSpans: false);
        var (server, client, _) = Start();
        await using var _s = server;
        await using var _c = client;
        Activity.Current.Should().BeNull();

        var header = await client.CallAsync<Dictionary<string, object?>>("header");

        header.Should().NotContainKey(ZeroRpcDiagnostics.TraceParentKey);
        await Eventually.True(() => capture.SpansOf(ActivityKind.Server).Length == 1, "the server span ends");
        var span = capture.SpansOf(ActivityKind.Server).Single();
        span.ParentSpanId.Should().Be(default(ActivitySpanId));
        span.HasRemoteParent.Should().BeFalse();
    }

    [Fact]
    public async Task The_current_span_travels_in_the_header_and_the_server_continues_it()
    {
        using var capture = new TelemetryCapture(_service, sampleClientSpans: false);
        using var callerSpan = new CallerSpan();
        var (server, client, _) = Start();
        await using var _s = server;
        await using var _c = client;

        Dictionary<string, object?> header;
        using (var caller = callerSpan.Start())
        {
            caller.TraceStateString = "zask=1";
            header = await client.CallAsync<Dictionary<string, object?>>("header");
        }
        var (traceId, spanId) = (callerSpan.TraceId, callerSpan.SpanId);

        // Flags: sampled, and on .NET 10 the W3C "random trace id" bit too.
        header[ZeroRpcDiagnostics.TraceParentKey].Should().BeOfType<string>().Which.Should().MatchRegex($"^00-{traceId}-{spanId}-0[13]$");
        header[ZeroRpcDiagnostics.TraceStateKey].Should().Be("zask=1");
        await Eventually.True(() => capture.SpansOf(ActivityKind.Server).Length == 1, "the server span ends");
        var span = capture.SpansOf(ActivityKind.Server).Single();
        span.TraceId.Should().Be(traceId);
        span.ParentSpanId.Should().Be(spanId);
        span.TraceStateString.Should().Be("zask=1");
    }

    [Theory]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", true)]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01", false)]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01", false)]
    [InlineData("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", false)]
    [InlineData("00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01", false)]
    [InlineData("garbage", false)]
    [InlineData("", false)]
    public async Task A_peers_traceparent_is_continued_when_well_formed_and_otherwise_ignored_for_a_new_trace(string traceParent, bool continued)
    {
        // A peer's request of the usual traced shape (traceparent, tracestate), as zerorpc-python would send it.
        using var capture = new TelemetryCapture(_service);
        var (server, client, endpoint) = Start();
        await using var _s = server;
        await using var _c = client;
        using var dealer = new NetMQ.Sockets.DealerSocket();
        dealer.Connect(endpoint);

        dealer.SendMoreFrameEmpty().SendFrame(TracedRequest(traceParent, "vendor=1"));

        var reply = RawCaller.NextReply(dealer);
        reply.Name.Should().Be(EventNames.Ok, "a malformed traceparent is no reason to refuse the call");
        await Eventually.True(() => capture.SpansOf(ActivityKind.Server).Length == 1, "the server span ends");
        var span = capture.SpansOf(ActivityKind.Server).Single();
        span.HasRemoteParent.Should().Be(continued);
        if (continued)
        {
            span.TraceId.ToHexString().Should().Be("0af7651916cd43dd8448eb211c80319c");
            span.ParentSpanId.ToHexString().Should().Be("b7ad6b7169203331");
            span.TraceStateString.Should().Be("vendor=1");
        }
        else
        {
            span.ParentSpanId.Should().Be(default(ActivitySpanId));
            span.TraceStateString.Should().BeNull();
        }
    }

    private static byte[] TracedRequest(string traceParent, string traceState)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.WriteMapHeader(4);
        writer.Write("message_id");
        writer.Write(MessageIdGenerator.Next().Bytes);
        writer.Write("v");
        writer.Write(3);
        writer.Write(ZeroRpcDiagnostics.TraceParentKey);
        writer.Write(traceParent);
        writer.Write(ZeroRpcDiagnostics.TraceStateKey);
        writer.Write(traceState);
        writer.Write("hello");
        writer.WriteArrayHeader(1);
        writer.Write("peer");
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public async Task The_client_span_is_current_while_the_call_runs_and_the_callers_span_comes_back_after()
    {
        using var capture = new TelemetryCapture(_service);
        using var callerSpan = new CallerSpan();
        var hooks = new CurrentSpanRecorder();
        var (server, client, _) = Start(new ZeroRpcContext(hooks));
        await using var _s = server;
        await using var _c = client;

        using var caller = callerSpan.Start();
        (await client.CallAsync<string>("hello", "current")).Should().Be("Hello, current!");
        Activity.Current.Should().BeSameAs(caller, "the caller's span is current again once the call returned");
        var items = new List<long>();
        await foreach (var item in client.StreamAsync<long>("range", 3))
        {
            Activity.Current.Should().BeSameAs(caller, "the caller's code between items runs in the caller's span");
            items.Add(item);
        }
        Activity.Current.Should().BeSameAs(caller);
        items.Should().Equal(0, 1, 2);

        var spans = capture.SpansOf(ActivityKind.Client);
        spans.Should().HaveCount(2);
        spans.Should().OnlyContain(span => span.Parent == caller, "each call's span is a child of the caller's");
        // Each call's request hook, header hook and reply hook saw that call's span as the current one.
        hooks.Seen.Select(seen => (seen.Hook, seen.Method)).Should().Equal(
            ("before", "hello"), ("header", "hello"), ("after", "hello"),
            ("before", "range"), ("header", "range"), ("after", "range"));
        foreach (var (hook, method, current) in hooks.Seen)
        {
            current.Should().BeSameAs(spans.Single(span => (string?)span.GetTagItem("rpc.method") == method), $"{hook} of {method}");
        }
    }

    private static double Transport(TelemetryCapture capture, string direction) =>
        capture.Last("zask.zmtp.io", ("network.io.direction", direction)) ?? 0;

    /// <summary>Records which span was current in each client hook.</summary>
    private sealed class CurrentSpanRecorder : IZeroRpcMiddleware
    {
        public List<(string Hook, string Method, Activity? Current)> Seen { get; } = [];

        public void ClientBeforeRequest(ClientCallContext call) => Seen.Add(("before", call.Method, Activity.Current));

        public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
        {
            if (call is not null)
            {
                Seen.Add(("header", call.Method, Activity.Current));
            }
        }

        public void ClientAfterRequest(ClientCallContext call, Exception? exception) => Seen.Add(("after", call.Method, Activity.Current));
    }

    [Fact]
    public async Task Nobody_listening_sends_no_trace_context_and_records_nothing()
    {
        var (server, client, _) = Start();
        await using var _s = server;
        await using var _c = client;

        var header = await client.CallAsync<Dictionary<string, object?>>("header");

        header.Should().NotContainKey(ZeroRpcDiagnostics.TraceParentKey);
        ServerTelemetry.IsObserved.Should().BeFalse();
    }

    [Fact]
    public async Task The_transport_counts_connections_bytes_and_handshake_failures_by_reason()
    {
        using var capture = new TelemetryCapture(_service);
        var (server, client, endpoint) = Start();
        await using var _s = server;
        await using (client)
        {
            // Process-wide totals, read when collected: what this call added to them.
            capture.Observe();
            var (sentBefore, receivedBefore) = (Transport(capture, "transmit"), Transport(capture, "receive"));
            await client.CallAsync<string>("hello", new string('x', 1000));
            capture.Observe();
            (Transport(capture, "transmit") - sentBefore).Should().BeGreaterThan(2000, "the request and its reply, each sent once");
            (Transport(capture, "receive") - receivedBefore).Should().BeGreaterThan(2000, "and each read once");
            // Opens counted, not the sum: a connection of an earlier test may close (-1) while this one runs.
            capture.Measurements.Count(m => m.Instrument == "zask.zmtp.connections" && m.Value == 1)
                .Should().BeGreaterThanOrEqualTo(2, "both ends of the connection are open");
        }
        await Eventually.True(() => capture.Count("zask.zmtp.connections") >= 4, "both ends count the connection's close");

        // A peer that speaks something else than ZMTP fails its greeting. The failure is counted before the server
        // closes that connection: a server stopped as soon as the peer sees the close has still counted it.
        var uri = new Uri(endpoint);
        using (var garbage = new TcpClient())
        {
            await garbage.ConnectAsync(uri.Host, uri.Port);
            var stream = garbage.GetStream();
            await stream.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
            var buffer = new byte[64];
            while (await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(60)) > 0)
            {
            }
        }
        await server.DisposeAsync();
        capture.Sum("zask.zmtp.handshake.failures", ("error.type", "protocol")).Should().BeGreaterThanOrEqualTo(1,
            "the server counts the failed greeting as a protocol failure before it closes the connection");
    }
}
