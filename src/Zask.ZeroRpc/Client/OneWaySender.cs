using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>What pushers and publishers share: events sent with no channel, no heartbeat and no reply.</summary>
public abstract class OneWaySender : IAsyncDisposable, IDisposable
{
    private readonly ChannelMultiplexer _multiplexer;
    private readonly string? _serviceName;
    private readonly ConcurrentDictionary<string, MethodTelemetry> _methods = new(StringComparer.Ordinal);
    // What Producer spans report as server.address/server.port: the first endpoint bound or connected, as a server's
    // spans report its first bound. The sender cannot know which of several peers a push or publish reaches.
    private EndpointAddress? _telemetryEndpoint;

    private protected OneWaySender(SocketKind kind, ZeroRpcClientOptions? options)
    {
        options ??= new ZeroRpcClientOptions();
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Zask.ZeroRpc." + kind);
        Context = options.Context ?? new ZeroRpcContext();
        _serviceName = options.ServiceName;
        _multiplexer = new ChannelMultiplexer(
            receive => new ZmtpTransportSocket(kind, receive, logger, options.Security, options.TimeProvider),
            HeartbeatOptions.Disabled, options.Limits, onNewChannel: null, logger, time: options.TimeProvider);
    }

    /// <summary>The middlewares whose task context is added to every event.</summary>
    public ZeroRpcContext Context { get; }

    /// <summary>Binds to an endpoint and returns the endpoint actually bound.</summary>
    public string Bind(string endpoint)
    {
        var bound = endpoint;
        foreach (var resolved in Context.ResolveEndpoint(endpoint, EndpointRole.ServerBind))
        {
            bound = _multiplexer.Socket.Bind(resolved);
            _telemetryEndpoint ??= EndpointAddress.Parse(bound);
        }
        return bound;
    }

    /// <summary>Connects to an endpoint.</summary>
    public void Connect(string endpoint)
    {
        foreach (var resolved in Context.ResolveEndpoint(endpoint, EndpointRole.ClientConnect))
        {
            _multiplexer.Socket.Connect(resolved);
            _telemetryEndpoint ??= EndpointAddress.Parse(resolved);
        }
    }

    /// <summary>
    /// Queues the event <c>[header, method, args]</c> for sending; returns once it is queued. While something
    /// listens, a Producer span covers the send and its trace context goes in the header, so that the receiver's
    /// Consumer span continues the sender's trace.
    /// </summary>
    private protected void Send(string method, object?[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        using var span = ClientTelemetry.StartOneWay(_serviceName, method, _methods, _telemetryEndpoint);
        try
        {
            var header = ClientTelemetry.Propagate(span, Context.BuildTaskContext(null));
            _multiplexer.SendEvent(null, MessageIdGenerator.Next(), null, header, method, args ?? [null], ReplyWriters.Arguments);
        }
        catch (Exception ex) when (span is { IsAllDataRequested: true })
        {
            span.SetTag("error.type", ex.GetType().FullName);
            span.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _multiplexer.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
