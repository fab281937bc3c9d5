using System.Diagnostics;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Middleware;

/// <summary>One outgoing call, as middlewares see it.</summary>
public sealed class ClientCallContext
{
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private Dictionary<string, object?>? _items;

    internal ClientCallContext(string method, object?[] args, TimeSpan timeout)
    {
        Method = method;
        Args = args;
        Timeout = timeout;
    }

    /// <summary>The method called.</summary>
    public string Method { get; }

    /// <summary>The positional arguments.</summary>
    public IReadOnlyList<object?> Args { get; }

    /// <summary>The timeout for the first reply.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The endpoint the call was sent to, once chosen.</summary>
    public string? Endpoint { get; internal set; }

    /// <summary>What the first reply was, once it arrived; <c>null</c> before (or when none came).</summary>
    public CallReplyKind? ReplyKind => Reply?.Name switch
    {
        null => null,
        EventNames.Ok => CallReplyKind.Result,
        EventNames.Stream or EventNames.StreamDone => CallReplyKind.Stream,
        _ => CallReplyKind.Error,
    };

    /// <summary>
    /// Reads the result of a call answered with a single result (<see cref="CallReplyKind.Result"/>) as
    /// <typeparamref name="T"/> (plain .NET values for <c>object?</c>), whatever the call's own method made of it:
    /// a stream reader spreads a list result over several items, and this reads it as the one value it is.
    /// </summary>
    /// <exception cref="InvalidOperationException">No result reply arrived (yet, or the answer was a stream or an error).</exception>
    /// <exception cref="InvalidCastException">The result cannot be read as <typeparamref name="T"/>.</exception>
    public T ReadResult<T>()
    {
        if (Reply is not { Name: EventNames.Ok } reply)
        {
            throw new InvalidOperationException(
                $"the call to {Method} has no result reply to read (its first reply: {ReplyKind?.ToString() ?? "none yet"})");
        }
        // The client already refused an OK that is not [value], so this reads what it read.
        return ReplyReader.TryReadOk<T>(reply, Method, out var value)
            ? value
            : throw new InvalidOperationException($"the result reply to {Method} is not a one-element array");
    }

    /// <summary>The first reply, once it arrived.</summary>
    internal Event? Reply { get; set; }

    /// <summary>Time since the call started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

    /// <summary>When the call started (<see cref="Stopwatch.GetTimestamp"/>): its span starts there too.</summary>
    internal long StartTimestamp => _startTimestamp;

    /// <summary>State that middlewares attach to the call.</summary>
    public IDictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>What the call's telemetry started with (nothing while nobody listens).</summary>
    internal RpcCallScope Telemetry { get; set; }

    /// <summary>The address of <see cref="Endpoint"/>, for the span.</summary>
    internal EndpointAddress? Address { get; set; }

    /// <summary>Items received so far, when the call streams.</summary>
    internal long StreamItems { get; set; }

    /// <summary><c>true</c> when the call was made as a stream (or its answer came as one).</summary>
    internal bool IsStream { get; set; }
}
