using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Zask.Telemetry.Tests.Support.MetricsSink;

namespace Zask.Telemetry.Tests.Support;

/// <summary>
/// A test OTLP/gRPC collector: a gRPC server (Kestrel, HTTP/2 without TLS on a loopback port) serving
/// <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>, which keeps every span with the
/// <c>service.name</c> of the process that sent it; metrics (<c>MetricsService/Export</c>) are accepted and dropped.
/// A request the server fails on (one it cannot decode) is kept in <see cref="OtlpCollector.Errors"/> from the
/// server's error log.
/// </summary>
public sealed class OtlpGrpcReceiver : OtlpCollector
{
    private WebApplication? _app;

    private OtlpGrpcReceiver(string endpoint) => Endpoint = endpoint;

    /// <inheritdoc />
    public override string Endpoint { get; }

    /// <summary>The metrics export requests received (and dropped).</summary>
    public int MetricsRequests => Volatile.Read(ref _metricsRequests);

    private int _metricsRequests;

    /// <summary>Starts the server; it serves once this returns.</summary>
    public static async Task<OtlpGrpcReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var receiver = new OtlpGrpcReceiver($"http://127.0.0.1:{port}");
        builder.Logging.AddProvider(new ErrorLog(receiver));
        // The services are made per call by DI: they reach the receiver through it.
        builder.Services.AddSingleton(receiver);
        var app = builder.Build();
        app.MapGrpcService<Traces>();
        app.MapGrpcService<Metrics>();
        await app.StartAsync();
        receiver._app = app;
        return receiver;
    }

    protected override void Dispose(bool disposing)
    {
        if (_app is null)
        {
            return;
        }
        _app.StopAsync().Wait(TimeSpan.FromSeconds(10));
        _app.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>Keeps what the server logs as errors (grpc-dotnet logs a request it cannot decode, then fails it).</summary>
    private sealed class ErrorLog(OtlpGrpcReceiver receiver) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                receiver.Errors.Enqueue(formatter(state, exception) + (exception is null ? "" : ": " + exception.Message));
            }
        }

        public void Dispose()
        {
        }
    }

    private sealed class Traces(OtlpGrpcReceiver receiver) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            receiver.Count();
            receiver.Take(request);
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }

    private sealed class Metrics(OtlpGrpcReceiver receiver) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            receiver.Count();
            Interlocked.Increment(ref receiver._metricsRequests);
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }
}
