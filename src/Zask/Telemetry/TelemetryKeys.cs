namespace Zask.Telemetry;

/// <summary>
/// The config keys that turn on traces and metrics (all off by default). The standard <c>OTEL_*</c> environment
/// variables work too (<c>OTEL_SERVICE_NAME</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>OTEL_TRACES_SAMPLER</c>...): the OpenTelemetry SDK reads them itself.
/// </summary>
public static class TelemetryKeys
{
    /// <summary>
    /// The OTLP collector to export traces and metrics to (for example <c>http://127.0.0.1:4318</c>, or
    /// <c>http://127.0.0.1:4317</c> over gRPC); unset, the exporter runs only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// (or a signal's own endpoint variable) is set.
    /// </summary>
    public const string OtlpEndpoint = "TELEMETRY_OTLP_ENDPOINT";

    /// <summary>
    /// The OTLP protocol: <c>http/protobuf</c> or <c>grpc</c>; unset, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (or a signal's
    /// own <c>OTEL_EXPORTER_OTLP_TRACES_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_METRICS_PROTOCOL</c>) decides, else
    /// <c>http/protobuf</c>. Over gRPC the endpoint is used as it is, with no signal path added.
    /// </summary>
    public const string OtlpProtocol = "TELEMETRY_OTLP_PROTOCOL";

    /// <summary>
    /// The URL where Prometheus scrapes the metrics, for example <c>http://127.0.0.1:9464/metrics</c>; the health
    /// probe (<c>/healthz</c>) is served on the same host and port.
    /// </summary>
    public const string PrometheusEndpoint = "TELEMETRY_PROMETHEUS_ENDPOINT";

    /// <summary>The <c>service.name</c> of traces and metrics; unset, <c>OTEL_SERVICE_NAME</c>, else the app's name.</summary>
    public const string ServiceName = "TELEMETRY_SERVICE_NAME";
}
