using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Serves <c>GET /healthz</c> for orchestrator probes when <c>HEALTH_HTTP_ENDPOINT</c> (or the metrics listener's
/// <c>TELEMETRY_PROMETHEUS_ENDPOINT</c>) names an <c>http://host:port</c>: 200 when healthy or degraded, 503 when
/// unhealthy, with the report as JSON. The managed <see cref="HttpListener"/> shares one port between the prefixes
/// of one process, so <c>/healthz</c> and <c>/metrics</c> live side by side.
/// </summary>
internal sealed class HealthHttpEndpoint(ZaskApp app) : IHostedService, IDisposable
{
    /// <summary>The key naming where <c>/healthz</c> is served.</summary>
    public const string HealthKey = "HEALTH_HTTP_ENDPOINT";

    /// <summary>The metrics listener's key, whose host and port <c>/healthz</c> shares when <see cref="HealthKey"/> is unset.</summary>
    public const string PrometheusKey = "TELEMETRY_PROMETHEUS_ENDPOINT";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private HttpListener? _listener;
    private Task? _loop;

    /// <summary>The prefix served (<c>http://host:port/healthz/</c>), once started; <c>null</c> when not configured.</summary>
    public string? Prefix { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var (key, value) = app.Config.GetValueOrDefault<string?>(HealthKey, null) is { Length: > 0 } health ? (HealthKey, health)
            : app.Config.GetValueOrDefault<string?>(PrometheusKey, null) is { Length: > 0 } metrics ? (PrometheusKey, metrics)
            : (null, null);
        if (key is null || value is null)
        {
            return Task.CompletedTask;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort)
        {
            throw new ConfigException($"{key}: '{value}' is not an http://host:port URL with its port (e.g. http://0.0.0.0:8081)");
        }
        // HttpListener's own spelling of "every interface".
        var host = uri.Host is "0.0.0.0" or "[::]" ? "*" : uri.Host;
        Prefix = $"http://{host}:{uri.Port}/healthz/";
        var listener = new HttpListener();
        listener.Prefixes.Add(Prefix);
        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            listener.Close();
            throw new ConfigException($"{key}: cannot serve /healthz on {uri.Host}:{uri.Port}: {e.Message}");
        }
        _listener = listener;
        var logger = app.LoggerFactory.CreateLogger("Zask.Health");
        HostingLog.HealthServed(logger, uri.Host, uri.Port);
        _loop = Task.Run(() => ServeAsync(listener, logger));
        return Task.CompletedTask;
    }

    private async Task ServeAsync(HttpListener listener, ILogger logger)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                await AnswerAsync(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or InvalidOperationException)
            {
                HostingLog.HealthRequestEndedEarly(logger, e.Message);
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/');
        if (path != "/healthz" || context.Request.HttpMethod is not ("GET" or "HEAD"))
        {
            response.StatusCode = path == "/healthz" ? 405 : 404;
            return;
        }
        var checks = app.ServiceProvider.GetService<HealthCheckService>();
        var report = checks is null
            ? new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero)
            : await checks.CheckHealthAsync().ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(HealthReports.ToMap(report), Json);
        response.StatusCode = report.Status == HealthStatus.Unhealthy ? 503 : 200;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        if (context.Request.HttpMethod == "GET")
        {
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Stop();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _listener?.Close();
}
