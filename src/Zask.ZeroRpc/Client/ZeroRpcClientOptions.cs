using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>Settings of a <see cref="ZeroRpcClient"/>.</summary>
public sealed class ZeroRpcClientOptions
{
    /// <summary>How long a call waits for its first reply (zerorpc's 30 s by default).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Heartbeat period and loss detection (5 s and 2 missed beats by default; match the server's).</summary>
    public HeartbeatOptions Heartbeat { get; set; } = HeartbeatOptions.Default;

    /// <summary>Bounds on incoming replies.</summary>
    public DecodeLimits Limits { get; set; } = DecodeLimits.Default;

    /// <summary>How typed interfaces' method names are sent (snake_case by default).</summary>
    public NamingPolicy Naming { get; set; } = NamingPolicy.SnakeCase;

    /// <summary>The middlewares this client runs; a fresh empty context when not given.</summary>
    public ZeroRpcContext? Context { get; set; }

    /// <summary>The name of the service this client calls, for middlewares (headers, endpoint resolution).</summary>
    public string? ServiceName { get; set; }

    /// <summary>The version of the service this client calls, for middlewares.</summary>
    public string? ServiceVersion { get; set; }

    /// <summary>CurveZMQ settings (the server's public key); <c>null</c> for plain tcp.</summary>
    public TransportSecurity? Security { get; set; }

    /// <summary>
    /// How long an endpoint that timed out or was lost stays out of rotation before it is tried again
    /// (doubling on each further failure, up to 32 times this).
    /// </summary>
    public TimeSpan EndpointRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The clock of call timeouts, heartbeats and endpoint retry delays (<see cref="TimeProvider.System"/> by default);
    /// tests pass a fake one to drive them without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the client logs; nothing is logged when not given.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>A shallow copy, so that what a host fills in never writes back into the caller's object.</summary>
    public ZeroRpcClientOptions Copy() => (ZeroRpcClientOptions)MemberwiseClone();
}
