using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Zask.Telemetry;

namespace Zask.Tests.Telemetry;

/// <summary>
/// The app's telemetry settings (off by default, malformed ones stop the app naming the key) and the log lines
/// that carry the trace and call ids.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public sealed class TelemetryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Lines_written_in_a_call_carry_trace_span_and_call_ids_in_the_error_log_and_the_access_line_keeps_its_format()
    {
        var app = Apps.Isolated(_dir.Path, "orders");
        app.Config["DEBUG"] = false;
        app.Config["ERROR_LOG"] = _dir.Combine("error.log");
        app.Config["ZERORPC_ACCESS_LOG"] = _dir.Combine("access.log");
        string? callId = null;
        app.LogCallId = () => callId;
        using var source = new ActivitySource("zask.tests.logs");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        app.Logger.LogError("outside any call");
        string traceId, spanId;
        using (var span = source.StartActivity("call")!)
        {
            (traceId, spanId) = (span.TraceId.ToHexString(), span.SpanId.ToHexString());
            callId = "c0ffee";
            app.Logger.LogError("inside the call");
            app.AccessLog.Write("access line");
            callId = null;
        }
        app.Dispose();

        var errors = File.ReadAllLines(_dir.Combine("error.log"));
        errors.Should().Contain(l => l.EndsWith("): outside any call", StringComparison.Ordinal));
        errors.Should().Contain(l => l.EndsWith($"): inside the call [trace_id={traceId} span_id={spanId} call_id=c0ffee]", StringComparison.Ordinal));
        File.ReadAllLines(_dir.Combine("access.log")).Should().Equal("access line");
    }

    [Fact]
    public void A_line_in_a_call_without_a_span_carries_the_call_id_alone()
    {
        var app = Apps.Isolated(_dir.Path, "orders");
        app.Config["DEBUG"] = false;
        app.Config["ERROR_LOG"] = _dir.Combine("error.log");
        app.LogCallId = () => "abc";
        Activity.Current = null;

        app.Logger.LogError("no span here");
        app.Dispose();

        File.ReadAllText(_dir.Combine("error.log")).Should().Contain("): no span here [call_id=abc]");
    }

    [Theory]
    [InlineData(TelemetryKeys.OtlpEndpoint, "127.0.0.1:4318")]
    [InlineData(TelemetryKeys.OtlpEndpoint, "grpc://collector:4317")]
    [InlineData(TelemetryKeys.OtlpProtocol, "http/json")]
    [InlineData(TelemetryKeys.PrometheusEndpoint, "http://127.0.0.1:9464")]
    [InlineData(TelemetryKeys.PrometheusEndpoint, "https://127.0.0.1:9464/metrics")]
    public void A_malformed_setting_stops_the_app_at_build_naming_it(string key, string value)
    {
        using var app = Apps.Isolated(_dir.Path);
        app.Config[key] = value;

        var act = () => app.Build();

        act.Should().Throw<TelemetryConfigException>().Where(e => e.Key == key && e.Message.Contains(value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://collector:4318")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "collector:4317")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc/protobuf")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "HTTP")]
    public void A_malformed_otel_variable_stops_the_app_at_build_naming_it(string variable, string value)
    {
        using var env = new EnvScope().Set(variable, value);
        using var app = Apps.Isolated(_dir.Path);

        var act = () => app.Build();

        act.Should().Throw<TelemetryConfigException>().Where(e => e.Key == variable && e.Message.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public void Off_by_default_nothing_listens_to_the_zask_sources()
    {
        using var app = Apps.Isolated(_dir.Path);
        app.Build();

        app.ServiceProvider.GetService(typeof(OpenTelemetry.Trace.TracerProvider)).Should().BeNull();
        app.ServiceProvider.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)).Should().BeNull();
    }

    [Fact]
    public void With_the_otlp_key_set_the_app_exports_traces_and_metrics()
    {
        using var app = Apps.Isolated(_dir.Path);
        app.Config[TelemetryKeys.OtlpEndpoint] = "http://127.0.0.1:4318";
        app.Build();

        app.ServiceProvider.GetService(typeof(OpenTelemetry.Trace.TracerProvider)).Should().NotBeNull();
        app.ServiceProvider.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)).Should().NotBeNull();
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("always_off", null, false)]
    [InlineData("traceidratio", "0", false)]
    [InlineData("traceidratio", "1", true)]
    public void The_otel_traces_sampler_variable_decides_which_zask_spans_are_recorded(string? sampler, string? argument, bool recorded)
    {
        using var env = new EnvScope().Set("OTEL_TRACES_SAMPLER", sampler).Set("OTEL_TRACES_SAMPLER_ARG", argument);
        using var app = Apps.Isolated(_dir.Path);
        app.Config[TelemetryKeys.OtlpEndpoint] = "http://127.0.0.1:4318";
        app.Build();
        // A source of its own under Zask.*, which the app's tracer listens to: no other test's listener hears it.
        using var source = new ActivitySource("Zask.Tests.Sampling." + Guid.NewGuid().ToString("N"));

        using var span = source.StartActivity("root");

        (span?.Recorded ?? false).Should().Be(recorded, "OTEL_TRACES_SAMPLER={0} OTEL_TRACES_SAMPLER_ARG={1}", sampler, argument);
    }

    [Fact]
    public void Otel_sdk_disabled_turns_off_what_the_keys_turn_on()
    {
        using var env = new EnvScope().Set("OTEL_SDK_DISABLED", "true");
        using var app = Apps.Isolated(_dir.Path);
        app.Config[TelemetryKeys.OtlpEndpoint] = "http://127.0.0.1:4318";
        app.Config[TelemetryKeys.PrometheusEndpoint] = $"http://127.0.0.1:{FreePort.Next()}/metrics";
        app.Build();

        app.ServiceProvider.GetService(typeof(OpenTelemetry.Trace.TracerProvider)).Should().BeNull();
        app.ServiceProvider.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)).Should().BeNull();
    }
}
