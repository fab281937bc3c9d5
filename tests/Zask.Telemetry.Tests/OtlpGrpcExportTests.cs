using OpenTelemetry.Proto.Trace.V1;
using Zask.Telemetry.Tests.Support;
using Zask.ZeroRpc.Client;

namespace Zask.Telemetry.Tests;

/// <summary>
/// Services in real processes told to export over OTLP/gRPC (by the config keys or the standard variables) send their
/// spans to a real gRPC collector, with the service's name, the span kinds and the rpc.* attributes.
/// </summary>
public sealed class OtlpGrpcExportTests : IAsyncLifetime
{
    private readonly List<ShowcaseChild> _children = [];
    private OtlpGrpcReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await OtlpGrpcReceiver.StartAsync();

    [Theory]
    [InlineData("key")]
    [InlineData("variable")]
    public async Task The_config_keys_and_the_protocol_grpc_export_spans_and_metrics_to_a_grpc_collector(string protocolFrom)
    {
        using var folder = new TempDir();
        var protocolKey = protocolFrom == "key" ? """, "TELEMETRY_OTLP_PROTOCOL": "grpc" """ : "";
        var config = folder.File("showcase.json", $$"""
            { "SQLALCHEMY_DATABASE_URI": "sqlite:///{{folder.Combine("showcase.db")}}",
              "TELEMETRY_OTLP_ENDPOINT": "{{_receiver.Endpoint}}", "TELEMETRY_SERVICE_NAME": "keyed" {{protocolKey}} }
            """);
        var environment = new Dictionary<string, string>
        {
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            // Metrics go the same way as spans: export them soon too, to see the collector take them.
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        };
        if (protocolFrom == "variable")
        {
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        }
        var showcase = await StartAsync(ChildPaths.ShowcaseDll, config, [], environment);
        await using var caller = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        caller.Connect(showcase.Endpoint);

        (await caller.CallAsync<string>("hello", "grpc")).Should().Be("Hello, grpc!");

        await Eventually.True(() => (_receiver.Spans.Any(s => s.Span.Kind == Span.Types.SpanKind.Server) && _receiver.MetricsRequests > 0)
            || !_receiver.Errors.IsEmpty, "the showcase exports the call's span and its metrics over gRPC", TimeSpan.FromSeconds(60));
        _receiver.Errors.Should().BeEmpty();
        _receiver.Spans.Should().OnlyContain(s => s.Service == "keyed", "TELEMETRY_SERVICE_NAME names the service");
        var span = _receiver.Spans.Should().ContainSingle(s => s.Span.Kind == Span.Types.SpanKind.Server).Which.Span;
        span.Name.Should().Be("showcase/hello");
        RpcAttributes(span, "showcase", "hello", showcase.Endpoint);
    }

    [Fact]
    public async Task The_standard_variables_with_protocol_grpc_export_server_and_client_spans_of_one_trace()
    {
        var c = await StartLinkAsync("svc-c", next: null);
        var a = await StartLinkAsync("svc-a", c.Endpoint);
        await using var caller = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        caller.Connect(a.Endpoint);

        (await caller.CallAsync<string>("relay", "hi")).Should().Be("svc-a>svc-c");

        // A serves and calls C; C serves: three spans.
        await Eventually.True(() => _receiver.Spans.Count >= 3 || !_receiver.Errors.IsEmpty, "the two services export their three spans over gRPC",
            TimeSpan.FromSeconds(60));
        _receiver.Errors.Should().BeEmpty();
        var spans = _receiver.Spans.ToArray();
        spans.Should().HaveCount(3);
        var serverA = Single(spans, "svc-a", Span.Types.SpanKind.Server);
        var clientA = Single(spans, "svc-a", Span.Types.SpanKind.Client);
        var serverC = Single(spans, "svc-c", Span.Types.SpanKind.Server);
        spans.Select(s => s.Span.TraceId).Distinct().Should().ContainSingle("one request makes one trace");
        clientA.ParentSpanId.Should().Equal(serverA.SpanId);
        serverC.ParentSpanId.Should().Equal(clientA.SpanId);
        foreach (var (span, endpoint) in new[] { (serverA, a.Endpoint), (clientA, c.Endpoint), (serverC, c.Endpoint) })
        {
            span.Name.Should().Be("chain/relay");
            RpcAttributes(span, "chain", "relay", endpoint);
        }
    }

    [Fact]
    public async Task The_traces_protocol_variable_sends_spans_over_grpc_to_the_traces_endpoint()
    {
        // The signal's own variables, as the OpenTelemetry specification has them: no general endpoint nor protocol.
        var link = await RelayOnceAsync("svc-t", new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = _receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] = "grpc",
        });

        await Eventually.True(() => !_receiver.Spans.IsEmpty || !_receiver.Errors.IsEmpty, "the service exports its span over gRPC",
            TimeSpan.FromSeconds(60));
        _receiver.Errors.Should().BeEmpty();
        var span = Single(_receiver.Spans.ToArray(), "svc-t", Span.Types.SpanKind.Server);
        RpcAttributes(span, "chain", "relay", link.Endpoint);
    }

    [Fact]
    public async Task Each_signal_goes_to_its_own_endpoint_over_its_own_protocol()
    {
        using var http = new OtlpReceiver();
        await RelayOnceAsync("svc-s", new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = http.Endpoint + "/v1/traces",
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = _receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] = "grpc",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });

        await Eventually.True(() => (!http.Spans.IsEmpty && _receiver.MetricsRequests > 0) || !http.Errors.IsEmpty || !_receiver.Errors.IsEmpty,
            "spans reach the HTTP collector and metrics the gRPC one", TimeSpan.FromSeconds(60));
        http.Errors.Should().BeEmpty();
        _receiver.Errors.Should().BeEmpty();
        Single(http.Spans.ToArray(), "svc-s", Span.Types.SpanKind.Server).Name.Should().Be("chain/relay");
        _receiver.Spans.Should().BeEmpty("the traces endpoint is the HTTP collector");
    }

    /// <summary>Starts a lone chain link named <paramref name="name"/> with these variables and calls it once.</summary>
    private async Task<ShowcaseChild> RelayOnceAsync(string name, Dictionary<string, string> environment)
    {
        environment["OTEL_SERVICE_NAME"] = name;
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "100";
        var link = await StartAsync(ChildPaths.ChainServiceDll, configPath: null, ["--name", name], environment);
        await using var caller = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        caller.Connect(link.Endpoint);
        (await caller.CallAsync<string>("relay", "hi")).Should().Be(name);
        return link;
    }

    private static void RpcAttributes(Span span, string service, string method, string endpoint)
    {
        Attribute(span, "rpc.system").StringValue.Should().Be("zerorpc");
        Attribute(span, "rpc.service").StringValue.Should().Be(service);
        Attribute(span, "rpc.method").StringValue.Should().Be(method);
        Attribute(span, "server.address").StringValue.Should().Be("127.0.0.1");
        Attribute(span, "server.port").IntValue.Should().Be(new Uri(endpoint).Port);
    }

    private static Span Single((string Service, Span Span)[] spans, string service, Span.Types.SpanKind kind) =>
        spans.Where(s => s.Service == service && s.Span.Kind == kind).Should().ContainSingle().Which.Span;

    private static OpenTelemetry.Proto.Common.V1.AnyValue Attribute(Span span, string key) =>
        span.Attributes.Where(a => a.Key == key).Should().ContainSingle($"the span has {key}").Which.Value;

    private Task<ShowcaseChild> StartLinkAsync(string name, string? next)
    {
        var arguments = new List<string> { "--name", name };
        if (next is not null)
        {
            arguments.AddRange(["--next", next]);
        }
        return StartAsync(ChildPaths.ChainServiceDll, configPath: null, arguments, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_SERVICE_NAME"] = name,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
    }

    private async Task<ShowcaseChild> StartAsync(string dll, string? configPath, List<string> arguments, Dictionary<string, string> environment)
    {
        var child = await ShowcaseChild.StartAsync(dll, configPath, FreePort.Endpoint(), arguments, environment);
        _children.Add(child);
        return child;
    }

    public Task DisposeAsync()
    {
        foreach (var child in _children)
        {
            child.Dispose();
        }
        _receiver.Dispose();
        return Task.CompletedTask;
    }
}
