using OpenTelemetry.Proto.Trace.V1;
using Zask.Telemetry.Tests.Support;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;

namespace Zask.Telemetry.Tests;

/// <summary>
/// Three services in three processes, A calls B calls C, each exporting its spans over OTLP/HTTP (turned on by the
/// standard OTEL_* variables) to a test collector: one trace, each span the child of the one that caused it.
/// </summary>
public sealed class TraceChainTests : IDisposable
{
    private readonly OtlpReceiver _receiver = new();
    private readonly List<ShowcaseChild> _links = [];

    [Fact]
    public async Task A_call_through_three_services_is_one_trace_with_correct_parents_and_attributes()
    {
        var c = await StartLinkAsync("svc-c", next: null);
        var b = await StartLinkAsync("svc-b", c.Endpoint);
        var a = await StartLinkAsync("svc-a", b.Endpoint);
        await using var caller = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        caller.Connect(a.Endpoint);

        (await caller.CallAsync<string>("relay", "hi")).Should().Be("svc-a>svc-b>svc-c");

        // A serves, calls B; B serves, calls C; C serves: five spans.
        await Eventually.True(() => _receiver.Spans.Count >= 5 || !_receiver.Errors.IsEmpty, "the three services export their five spans",
            TimeSpan.FromSeconds(60));
        _receiver.Errors.Should().BeEmpty();
        var spans = _receiver.Spans.ToArray();
        spans.Should().HaveCount(5);
        spans.Select(s => s.Span.TraceId).Distinct().Should().ContainSingle("one request makes one trace");

        var serverA = Single(spans, "svc-a", Span.Types.SpanKind.Server);
        var clientA = Single(spans, "svc-a", Span.Types.SpanKind.Client);
        var serverB = Single(spans, "svc-b", Span.Types.SpanKind.Server);
        var clientB = Single(spans, "svc-b", Span.Types.SpanKind.Client);
        var serverC = Single(spans, "svc-c", Span.Types.SpanKind.Server);
        serverA.ParentSpanId.Should().BeEmpty("our caller sent no trace context: A starts the trace");
        clientA.ParentSpanId.Should().Equal(serverA.SpanId);
        serverB.ParentSpanId.Should().Equal(clientA.SpanId);
        clientB.ParentSpanId.Should().Equal(serverB.SpanId);
        serverC.ParentSpanId.Should().Equal(clientB.SpanId);

        foreach (var (span, endpoint) in new[] { (serverA, a.Endpoint), (clientA, b.Endpoint), (serverB, b.Endpoint), (clientB, c.Endpoint), (serverC, c.Endpoint) })
        {
            span.Name.Should().Be("chain/relay");
            Attribute(span, "rpc.system").StringValue.Should().Be("zerorpc");
            Attribute(span, "rpc.service").StringValue.Should().Be("chain");
            Attribute(span, "rpc.method").StringValue.Should().Be("relay");
            Attribute(span, "server.address").StringValue.Should().Be("127.0.0.1");
            Attribute(span, "server.port").IntValue.Should().Be(new Uri(endpoint).Port);
            (span.Status?.Code ?? Status.Types.StatusCode.Unset).Should().Be(Status.Types.StatusCode.Unset);
        }
        // The request chain's id is the same on every link, and on every log line written while serving.
        var callId = Attribute(serverA, "zask.call_id").StringValue;
        callId.Should().NotBeNullOrEmpty();
        new[] { serverB, serverC }.Should().OnlyContain(span => Attribute(span, "zask.call_id").StringValue == callId);
        var traceId = Convert.ToHexStringLower(serverA.TraceId.ToByteArray());
        foreach (var (link, span) in new[] { (a, serverA), (b, serverB), (c, serverC) })
        {
            var line = link.StdoutLines.Single(l => l.Contains("relaying hi", StringComparison.Ordinal));
            line.Should().EndWith($" [trace_id={traceId} span_id={Convert.ToHexStringLower(span.SpanId.ToByteArray())} call_id={callId}]");
        }
    }

    [Fact]
    public async Task A_failed_call_is_exported_with_its_error()
    {
        var c = await StartLinkAsync("svc-c", next: null);
        await using var caller = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        caller.Connect(c.Endpoint);

        var act = () => caller.CallAsync<string>("no_such_method");
        (await act.Should().ThrowAsync<RemoteException>()).Which.Name.Should().Be("NameError");

        await Eventually.True(() => !_receiver.Spans.IsEmpty || !_receiver.Errors.IsEmpty, "the server exports its span", TimeSpan.FromSeconds(60));
        _receiver.Errors.Should().BeEmpty();
        var span = _receiver.Spans.Single().Span;
        span.Kind.Should().Be(Span.Types.SpanKind.Server);
        span.Status.Code.Should().Be(Status.Types.StatusCode.Error);
        Attribute(span, "error.type").StringValue.Should().Be("NameError");
    }

    [Fact]
    public async Task Database_commands_in_a_call_are_child_spans_of_the_call()
    {
        using var folder = new TempDir();
        var config = folder.File("showcase.json", $$"""{ "SQLALCHEMY_DATABASE_URI": "sqlite:///{{folder.Combine("showcase.db")}}" }""");
        var showcase = await ShowcaseChild.StartAsync(ChildPaths.ShowcaseDll, config, FreePort.Endpoint(), [],
            Exporting("showcase"));
        _links.Add(showcase);
        await using var caller = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        caller.Connect(showcase.Endpoint);

        (await caller.CallAsync<long>("count_users")).Should().Be(0);

        await Eventually.True(() => _receiver.Spans.Count >= 2 || !_receiver.Errors.IsEmpty,
            "the showcase exports the call's span and its database span", TimeSpan.FromSeconds(60));
        _receiver.Errors.Should().BeEmpty();
        var spans = _receiver.Spans.Select(s => s.Span).ToArray();
        var call = spans.Should().ContainSingle(s => s.Kind == Span.Types.SpanKind.Server).Which;
        call.Name.Should().Be("showcase/count_users");
        spans.Should().Contain(s => s.ParentSpanId == call.SpanId && s.TraceId == call.TraceId
            && s.Attributes.Any(a => a.Key.StartsWith("db.", StringComparison.Ordinal)), "EF Core's command is a child of the call");
    }

    [Fact]
    public async Task The_config_keys_alone_export_spans_to_the_collector_under_the_configured_service_name()
    {
        using var folder = new TempDir();
        var config = folder.File("showcase.json", $$"""
            { "SQLALCHEMY_DATABASE_URI": "sqlite:///{{folder.Combine("showcase.db")}}",
              "TELEMETRY_OTLP_ENDPOINT": "{{_receiver.Endpoint}}", "TELEMETRY_SERVICE_NAME": "keyed" }
            """);
        // No OTEL_EXPORTER_OTLP_ENDPOINT nor OTEL_SERVICE_NAME: only the keys point the showcase at the collector.
        var showcase = await ShowcaseChild.StartAsync(ChildPaths.ShowcaseDll, config, FreePort.Endpoint(), [],
            new Dictionary<string, string> { ["OTEL_BSP_SCHEDULE_DELAY"] = "100" });
        _links.Add(showcase);
        await using var caller = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        caller.Connect(showcase.Endpoint);

        (await caller.CallAsync<string>("hello", "keys")).Should().Be("Hello, keys!");

        await Eventually.True(() => _receiver.Spans.Any(s => s.Span.Kind == Span.Types.SpanKind.Server) || !_receiver.Errors.IsEmpty,
            "the showcase exports the call's span", TimeSpan.FromSeconds(60));
        _receiver.Errors.Should().BeEmpty();
        _receiver.Spans.Should().OnlyContain(s => s.Service == "keyed", "TELEMETRY_SERVICE_NAME names the service");
        _receiver.Spans.Should().ContainSingle(s => s.Span.Kind == Span.Types.SpanKind.Server)
            .Which.Span.Name.Should().Be("showcase/hello");
    }

    [Fact]
    public async Task The_traces_endpoint_variable_alone_exports_spans_to_that_url()
    {
        // The signal's own endpoint is the full URL, used as it is (no path added).
        var link = await ShowcaseChild.StartAsync(ChildPaths.ChainServiceDll, configPath: null, FreePort.Endpoint(), ["--name", "svc-t"],
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = _receiver.Endpoint + "/v1/traces",
                ["OTEL_SERVICE_NAME"] = "svc-t",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            });
        _links.Add(link);
        await using var caller = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        caller.Connect(link.Endpoint);

        (await caller.CallAsync<string>("relay", "hi")).Should().Be("svc-t");

        await Eventually.True(() => !_receiver.Spans.IsEmpty || !_receiver.Errors.IsEmpty, "the service exports its span", TimeSpan.FromSeconds(60));
        _receiver.Errors.Should().BeEmpty();
        Single(_receiver.Spans.ToArray(), "svc-t", Span.Types.SpanKind.Server).Name.Should().Be("chain/relay");
    }

    private static Span Single((string Service, Span Span)[] spans, string service, Span.Types.SpanKind kind) =>
        spans.Where(s => s.Service == service && s.Span.Kind == kind).Should().ContainSingle().Which.Span;

    private static OpenTelemetry.Proto.Common.V1.AnyValue Attribute(Span span, string key) =>
        span.Attributes.Where(a => a.Key == key).Should().ContainSingle($"the span has {key}").Which.Value;

    private async Task<ShowcaseChild> StartLinkAsync(string name, string? next)
    {
        var arguments = new List<string> { "--name", name };
        if (next is not null)
        {
            arguments.AddRange(["--next", next]);
        }
        var link = await ShowcaseChild.StartAsync(ChildPaths.ChainServiceDll, configPath: null, FreePort.Endpoint(), arguments,
            Exporting(name));
        _links.Add(link);
        return link;
    }

    /// <summary>
    /// The standard variables that make a Zask service export its spans to the test collector (over http/protobuf,
    /// Zask's default protocol).
    /// </summary>
    private Dictionary<string, string> Exporting(string service) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.Endpoint,
        ["OTEL_SERVICE_NAME"] = service,
        // Export each span soon after it ends rather than every 5 s.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
    };

    public void Dispose()
    {
        foreach (var link in _links)
        {
            link.Dispose();
        }
        _receiver.Dispose();
    }
}
