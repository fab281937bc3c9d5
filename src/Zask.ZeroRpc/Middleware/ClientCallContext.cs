using System.Diagnostics;
using Zask.ZeroRpc.Diagnostics;
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

    /// <summary>The first reply, once it arrived.</summary>
    public Event? Reply { get; internal set; }

    /// <summary>Time since the call started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

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
