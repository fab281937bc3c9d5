using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Zask.Telemetry;

/// <summary>
/// Wires the OpenTelemetry SDK into the app's host when the settings ask for it: the spans of every <c>Zask.*</c>
/// source to OTLP, the metrics of every <c>Zask.*</c> meter to OTLP and/or a Prometheus scrape endpoint. When they
/// do not, nothing is registered and the libraries' instrumentation stays silent and free.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>The sources and meters of every Zask library (ZeroRPC, the transport...), by wildcard.</summary>
    private const string ZaskInstrumentation = "Zask.*";

    public static void AddTo(IServiceCollection services, TelemetrySettings settings, string appName)
    {
        if (!settings.Any)
        {
            return;
        }
        var builder = services.AddOpenTelemetry();
        if (settings.ServiceName is not null || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
        {
            var serviceName = settings.ServiceName ?? appName;
            builder.ConfigureResource(resource => resource.AddService(serviceName));
        }
        if (settings.Traces)
        {
            builder.WithTracing(tracing =>
            {
                tracing.AddSource(ZaskInstrumentation);
                tracing.AddOtlpExporter(options => Target(options, settings.OtlpEndpoint, settings.TracesEndpoint, settings.TracesProtocol, "v1/traces"));
            });
        }
        builder.WithMetrics(metrics =>
        {
            metrics.AddMeter(ZaskInstrumentation);
            if (settings.OtlpMetrics)
            {
                metrics.AddOtlpExporter(options => Target(options, settings.OtlpEndpoint, settings.MetricsEndpoint, settings.MetricsProtocol, "v1/metrics"));
            }
            if (settings.PrometheusEndpoint is { } scrape)
            {
                metrics.AddPrometheusHttpListener(options =>
                {
                    options.Host = scrape.Host;
                    options.Port = scrape.Port;
                    options.ScrapeEndpointPath = scrape.AbsolutePath;
                });
            }
        });
    }

    /// <summary>Creates the tracer and meter providers (if registered), which starts their listeners.</summary>
    public static void Start(IServiceProvider services)
    {
        services.GetService<TracerProvider>();
        services.GetService<MeterProvider>();
    }

    /// <summary>
    /// Points an exporter at the configured collector, over the protocol asked. The key holds the collector's base URL,
    /// as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> does, so over HTTP the signal's path is added here (the SDK adds it only to
    /// the environment variable's value); over gRPC the URL is used as it is. A signal's own endpoint variable is used
    /// as it is. Without either, the SDK's own reading of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> stands.
    /// </summary>
    private static void Target(OtlpExporterOptions options, Uri? baseEndpoint, Uri? signalEndpoint, OtlpExportProtocol? protocol,
        string signalPath)
    {
        if (protocol is { } asked)
        {
            options.Protocol = asked;
        }
        if (baseEndpoint is not null)
        {
            options.Endpoint = options.Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(baseEndpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                : baseEndpoint;
        }
        else if (signalEndpoint is not null)
        {
            options.Endpoint = signalEndpoint;
        }
    }
}
