using System.Diagnostics;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Middleware;

/// <summary>
/// One call being served: what was called, by whom, its request headers, its cancellation, and state that
/// middlewares share while the call runs. Available to the method as a parameter and through <see cref="Current"/>.
/// </summary>
public sealed class ServerCallContext
{
    private static readonly AsyncLocal<ServerCallContext?> CurrentCall = new();
    private Dictionary<string, object?>? _items;
    private RequestHeaderMap? _headers;
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

    /// <summary>The name of the service called, as the server announces it.</summary>
    public string ServiceName { get; internal init; } = "";

    /// <summary>The called method name as it arrived (a caller may name a method the service does not have).</summary>
    public string MethodName => Request.Name;

    /// <summary>The request's <c>message_id</c> as text: unique per call from one caller, handy in logs.</summary>
    public string CallId => Request.Header.MessageId.ToString();

    /// <summary>
    /// An opaque id of the caller's connection (its ZeroMQ routing id, in hex): the same for every call that
    /// arrives over one connection; <c>null</c> for pushed and published events, which carry none.
    /// </summary>
    public string? Peer => Envelope is [.., var identity] ? Convert.ToHexStringLower(identity) : null;

    /// <summary>
    /// The request header, read-only, as zerorpc's <c>load_task_context</c> sees it: <c>message_id</c> (bytes or
    /// text, as it travelled), <c>v</c> (the protocol version, when it was an integer), then the task-context keys
    /// that the caller's middlewares added (values as plain .NET values: strings, byte arrays, numbers, maps...).
    /// </summary>
    public IReadOnlyDictionary<string, object?> RequestHeaders => _headers ??= new RequestHeaderMap(Request.Header);

    /// <summary>
    /// Reads a request header as text: a <c>str</c> value as is, a <c>bin</c> one decoded as UTF-8, any other
    /// value through <see cref="object.ToString"/>; <c>null</c> when the header is absent or nil.
    /// </summary>
    /// <param name="key">The header key, e.g. a task-context key such as <c>access_key</c>.</param>
    public string? GetRequestHeaderString(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // Task-context keys straight from the decoded header: no map is made for a middleware that reads one key.
        var found = key is RequestHeaderMap.MessageIdKey or RequestHeaderMap.VersionKey
            ? RequestHeaders.TryGetValue(key, out var value)
            : Request.Header.Context.TryGetValue(key, out value);
        if (!found)
        {
            return null;
        }
        return value switch
        {
            string text => text,
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            _ => value?.ToString(),
        };
    }

    /// <summary>Cancelled when the caller is lost or the server stops for good.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Whether <see cref="CancellationToken"/> fired (or would have), without making it.</summary>
    public bool IsCancelled => _cancellation.IsCancelled;

    /// <summary>
    /// The value the method returned, once it has (set for middlewares' after-exec hooks; <c>null</c> for a stream or
    /// before the method returned).
    /// </summary>
    public object? Result { get; internal set; }

    /// <summary>
    /// The call's dependency-injection scope when the service is resolved for each call (mapped with dependency
    /// injection as scoped), made before the middlewares' before-exec hooks and disposed after their call-ended
    /// hooks; otherwise <c>null</c>, unless a middleware sets a scope of its own making (which it then disposes).
    /// </summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>The error the call ended with, if any.</summary>
    public Exception? Exception { get; internal set; }

    /// <summary>Time since the call arrived.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

    /// <summary>When the call started (<see cref="Stopwatch.GetTimestamp"/>): its span starts there too.</summary>
    internal long StartTimestamp => _startTimestamp;

    /// <summary>State that middlewares attach to the call.</summary>
    public IDictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>The decoded request (the protocol layers' view; users read the properties above).</summary>
    internal Event Request { get; }

    /// <summary>The routing frames the request came with (ROUTER only), for <see cref="Peer"/>.</summary>
    internal byte[][]? Envelope { get; init; }

    /// <summary>Task-context keys added to every reply of this call.</summary>
    internal Dictionary<string, object?>? ReplyContext { get; set; }
}
