using System.Diagnostics;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Middleware;

/// <summary>
/// One call being served: what was called, the request header, and state that middlewares share while the call
/// runs. Available to the method as a parameter and through <see cref="Current"/>.
/// </summary>
public sealed class ServerCallContext
{
    private static readonly AsyncLocal<ServerCallContext?> CurrentCall = new();
    private Dictionary<string, object?>? _items;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly ICallCancellation _cancellation;

    /// <summary>A call whose token comes from <paramref name="cancellation"/> (made there on first use).</summary>
    internal ServerCallContext(Type serviceType, Event request, ICallCancellation cancellation)
    {
        ServiceType = serviceType;
        Request = request;
        _cancellation = cancellation;
    }

    /// <summary>The call being served on this async flow, or <c>null</c> outside a call.</summary>
    public static ServerCallContext? Current
    {
        get => CurrentCall.Value;
        internal set => CurrentCall.Value = value;
    }

    /// <summary>The type of the service object serving the call (the access log names its class).</summary>
    public Type ServiceType { get; }

    /// <summary>The request event (its header carries the caller's task context).</summary>
    public Event Request { get; }

    /// <summary>The called method name as it arrived.</summary>
    public string MethodName => Request.Name;

    /// <summary>The request header.</summary>
    public EventHeader Header => Request.Header;

    /// <summary>Cancelled when the caller is lost or the server stops for good.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Whether <see cref="CancellationToken"/> fired (or would have), without making it.</summary>
    public bool IsCancelled => _cancellation.IsCancelled;

    /// <summary>The error the call ended with, if any.</summary>
    public Exception? Exception { get; internal set; }

    /// <summary>Time since the call arrived.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

    /// <summary>State that middlewares attach to the call.</summary>
    public IDictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Task-context keys added to every reply of this call.</summary>
    internal Dictionary<string, object?>? ReplyContext { get; set; }
}
