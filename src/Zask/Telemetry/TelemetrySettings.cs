using OpenTelemetry.Exporter;

namespace Zask.Telemetry;

/// <summary>
/// What the app's configuration and the <c>OTEL_*</c> environment ask of telemetry, checked: a malformed endpoint or
/// protocol stops the app at start, naming the key, rather than leaving a fleet silently unobserved.
/// </summary>
internal sealed record TelemetrySettings(
    Uri? OtlpEndpoint,
    Uri? TracesEndpoint,
    OtlpExportProtocol? TracesProtocol,
    Uri? MetricsEndpoint,
    OtlpExportProtocol? MetricsProtocol,
    bool OtlpFromEnvironment,
    Uri? PrometheusEndpoint,
    string? ServiceName)
{
    private const string OtelEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string OtelTracesEndpointVariable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    private const string OtelMetricsEndpointVariable = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
    private const string OtelProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";
    private const string OtelTracesProtocolVariable = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
    private const string OtelMetricsProtocolVariable = "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL";
    private const string OtelDisabledVariable = "OTEL_SDK_DISABLED";

    /// <summary>Whether spans are exported (OTLP, from the config key or the environment).</summary>
    public bool Traces => OtlpEndpoint is not null || OtlpFromEnvironment || TracesEndpoint is not null;

    /// <summary>Whether metrics are exported over OTLP (from the config key or the environment).</summary>
    public bool OtlpMetrics => OtlpEndpoint is not null || OtlpFromEnvironment || MetricsEndpoint is not null;

    /// <summary>Whether any telemetry is on: spans, or metrics exported or served.</summary>
    public bool Any => Traces || OtlpMetrics || PrometheusEndpoint is not null;

    /// <summary>Reads the settings; everything off when <c>OTEL_SDK_DISABLED</c> is <c>true</c>.</summary>
    /// <exception cref="TelemetryConfigException">A setting is malformed.</exception>
    public static TelemetrySettings Read(Config config, Func<string, string?> environment)
    {
        var otlp = ReadUri(TelemetryKeys.OtlpEndpoint, config.GetValueOrDefault<string?>(TelemetryKeys.OtlpEndpoint, null), requirePath: false);
        ReadUri(OtelEndpointVariable, environment(OtelEndpointVariable), requirePath: false);
        // The SDK's AddOtlpExporter reads the general OTEL_EXPORTER_OTLP_* variables only, not a signal's own: those
        // are read here and given to the exporter.
        var tracesEndpoint = ReadUri(OtelTracesEndpointVariable, environment(OtelTracesEndpointVariable), requirePath: false);
        var metricsEndpoint = ReadUri(OtelMetricsEndpointVariable, environment(OtelMetricsEndpointVariable), requirePath: false);
        var fromEnvironment = !string.IsNullOrWhiteSpace(environment(OtelEndpointVariable));
        var keyProtocol = ReadProtocol(TelemetryKeys.OtlpProtocol, config.GetValueOrDefault<string?>(TelemetryKeys.OtlpProtocol, null));
        // The .NET exporter would default to gRPC; OpenTelemetry's specification (and most collectors' first port)
        // say http/protobuf, so that is the default unless the key or a variable says otherwise.
        var anySignal = ReadProtocol(OtelProtocolVariable, environment(OtelProtocolVariable)) ?? OtlpExportProtocol.HttpProtobuf;
        var tracesProtocol = keyProtocol ?? ReadProtocol(OtelTracesProtocolVariable, environment(OtelTracesProtocolVariable)) ?? anySignal;
        var metricsProtocol = keyProtocol ?? ReadProtocol(OtelMetricsProtocolVariable, environment(OtelMetricsProtocolVariable)) ?? anySignal;
        var prometheus = ReadUri(TelemetryKeys.PrometheusEndpoint, config.GetValueOrDefault<string?>(TelemetryKeys.PrometheusEndpoint, null), requirePath: true);
        var serviceName = config.GetValueOrDefault<string?>(TelemetryKeys.ServiceName, null);
        if (string.Equals(environment(OtelDisabledVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new TelemetrySettings(null, null, null, null, null, false, null, serviceName);
        }
        return new TelemetrySettings(otlp, tracesEndpoint, tracesProtocol, metricsEndpoint, metricsProtocol, fromEnvironment, prometheus,
            serviceName);
    }

    private static Uri? ReadUri(string key, string? value, bool requirePath)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new TelemetryConfigException(key, $"'{value}' is not an http(s) URL such as http://127.0.0.1:{(requirePath ? "9464/metrics" : "4318 (4317 over gRPC)")}");
        }
        if (requirePath && (uri.Scheme != "http" || uri.AbsolutePath.Length <= 1 || !string.IsNullOrEmpty(uri.Query)))
        {
            throw new TelemetryConfigException(key, $"'{value}' needs the form http://HOST:PORT/PATH, such as http://127.0.0.1:9464/metrics");
        }
        return uri;
    }

    private static OtlpExportProtocol? ReadProtocol(string key, string? value) => value?.Trim() switch
    {
        null or "" => null,
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new TelemetryConfigException(key, $"'{value}' is not an OTLP protocol: use http/protobuf or grpc"),
    };
}
