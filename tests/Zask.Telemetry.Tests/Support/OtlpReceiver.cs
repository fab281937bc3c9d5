using System.Net;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Zask.Telemetry.Tests.Support;

/// <summary>
/// A test OTLP/HTTP collector: takes <c>POST /v1/traces</c> (protobuf <c>ExportTraceServiceRequest</c>) and keeps
/// every span with the <c>service.name</c> of the process that sent it; other signals are accepted and dropped.
/// </summary>
public sealed class OtlpReceiver : OtlpCollector
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

    /// <inheritdoc />
    public override string Endpoint { get; }

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
            Count();
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

    protected override void Dispose(bool disposing)
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }
}
