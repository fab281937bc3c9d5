using System.Collections.Concurrent;
using System.Net;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Zask.Telemetry.Tests.Support;

/// <summary>
/// A test OTLP/HTTP collector: takes <c>POST /v1/traces</c> (protobuf <c>ExportTraceServiceRequest</c>) and keeps
/// every span with the <c>service.name</c> of the process that sent it; other signals are accepted and dropped.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        var port = FreePort.Next();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it.</summary>
    public string Endpoint { get; }

    /// <summary>The spans received, each with the service that exported it.</summary>
    public ConcurrentQueue<(string Service, Span Span)> Spans { get; } = new();

    /// <summary>Requests received, of any signal.</summary>
    public int Requests => Volatile.Read(ref _requests);

    private int _requests;

    /// <summary>Requests that could not be decoded (a test fails on any).</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    Take(ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray()));
                }
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            catch (Exception ex)
            {
                Errors.Enqueue(ex.Message);
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
        }
    }

    private void Take(ExportTraceServiceRequest request)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = resourceSpans.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(scope => scope.Spans))
            {
                Spans.Enqueue((service, span));
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }
}
