using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Server;

/// <summary>Settings of a <see cref="ZeroRpcServer"/>.</summary>
public sealed class ZeroRpcServerOptions
{
    /// <summary>The service name (<c>_zerorpc_name</c>); defaults to the declared name or the class name.</summary>
    public string? Name { get; set; }

    /// <summary>The service version; defaults to the declared version.</summary>
    public string? Version { get; set; }

    /// <summary>How method names are exposed (snake_case by default).</summary>
    public NamingPolicy Naming { get; set; } = NamingPolicy.SnakeCase;

    /// <summary>Heartbeat period and loss detection (zerorpc's 5 s and 2 missed beats by default).</summary>
    public HeartbeatOptions Heartbeat { get; set; } = HeartbeatOptions.Default;

    /// <summary>Bounds on incoming messages (size, nesting, number of values).</summary>
    public DecodeLimits Limits { get; set; } = DecodeLimits.Default;

    /// <summary>The middlewares this server runs; a fresh empty context when not given.</summary>
    public ZeroRpcContext? Context { get; set; }

    /// <summary>CurveZMQ encryption for the server socket; <c>null</c> for plain tcp.</summary>
    public TransportSecurity? Security { get; set; }

    /// <summary>
    /// How long a graceful stop lets calls in flight finish before cancelling them (30 s by default).
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where calls run: decided per method from what its calls cost (<see cref="CallDispatch.Auto"/>, the default),
    /// always on the thread pool, or always on the socket's I/O thread. <see cref="ZeroRpcDispatchAttribute"/> on a
    /// method or class overrides it.
    /// </summary>
    public CallDispatch Dispatch { get; set; } = CallDispatch.Auto;

    /// <summary>
    /// The most threads running calls at once off the I/O thread (256 by default). They are the server's own, not
    /// the .NET thread pool's, so that calls that block leave the server's socket traffic and heartbeats alone; they
    /// start as calls need them and end after 20 s without work. Calls beyond the maximum wait their turn.
    /// </summary>
    public int MaxCallThreads { get; set; } = 256;

    /// <summary>
    /// Whether the traceback of an <c>ERR</c> event carries the exception's stack (frames, and source paths when PDBs
    /// are deployed), which zerorpc clients print. When <c>false</c> it carries only <c>Name: message</c>, so callers
    /// learn nothing about the server's code. <c>null</c> (the default) means <c>false</c>, except for servers made by
    /// the ZeroRpc extension, which follow the app's <c>DEBUG</c> setting.
    /// </summary>
    public bool? IncludeStackTraces { get; set; }

    /// <summary>
    /// The clock of heartbeats and of the loss of a caller that stopped beating (<see cref="TimeProvider.System"/> by
    /// default); tests pass a fake one to drive them without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the server logs; nothing is logged when not given.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>A shallow copy, so that what a host fills in never writes back into the caller's object.</summary>
    public ZeroRpcServerOptions Copy() => (ZeroRpcServerOptions)MemberwiseClone();
}
