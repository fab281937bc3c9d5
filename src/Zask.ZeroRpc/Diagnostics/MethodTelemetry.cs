using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>
/// What the telemetry of one method's calls shares, made once per method and side rather than per call: the span
/// name (<c>service/method</c>), the attributes of its metrics, and the count of its calls in flight, which the
/// <c>active_calls</c> instruments read when a reader collects (an add per call start and end costs the SDK an
/// attribute lookup each; an interlocked count costs nothing it would notice).
/// </summary>
internal sealed class MethodTelemetry
{
    // Methods served (known to the server, so bounded by its services) or called (named by the program).
    private static readonly ConcurrentDictionary<(bool Server, string? Service, string Method), MethodTelemetry> Known = new();

    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly bool _server;
    private long _active;
    private SpanTagSet? _spanTags;

    private MethodTelemetry(bool server, string? service, string method)
    {
        _server = server;
        Service = service;
        Method = method;
        SpanName = service is null ? method : $"{service}/{method}";
        _tags = service is null
            ? [new("rpc.system", ZeroRpcDiagnostics.RpcSystem), new("rpc.method", method)]
            : [new("rpc.system", ZeroRpcDiagnostics.RpcSystem), new("rpc.method", method), new("rpc.service", service)];
    }

    public string? Service { get; }

    public string Method { get; }

    /// <summary>The name of the method's spans.</summary>
    public string SpanName { get; }

    /// <summary>The attributes every measurement of the method's calls carries.</summary>
    public ReadOnlySpan<KeyValuePair<string, object?>> Tags => _tags;

    /// <summary>The method as served by <paramref name="service"/> (<paramref name="server"/>) or called.</summary>
    public static MethodTelemetry For(bool server, string? service, string method) =>
        Known.GetOrAdd((server, service, method), static key => new MethodTelemetry(key.Server, key.Service, key.Method));

    /// <summary>
    /// A method the server does not have: measured like the others but not kept, so that callers naming made-up
    /// methods cannot grow the table (its calls end at once, so none is ever in flight when read).
    /// </summary>
    public static MethodTelemetry Unknown(string service, string method) => new(server: true, service, method);

    /// <summary>
    /// The attributes a span of the method starts with: the metrics' and, when known, the endpoint's
    /// (<c>server.address</c>, <c>server.port</c>). Made once per endpoint (a server has one, a client span gets its
    /// endpoint at its end) rather than per span.
    /// </summary>
    public KeyValuePair<string, object?>[] SpanTags(EndpointAddress? endpoint)
    {
        var made = Volatile.Read(ref _spanTags);
        if (made is null || !ReferenceEquals(made.Endpoint, endpoint))
        {
            made = new SpanTagSet(endpoint, MakeSpanTags(endpoint));
            Volatile.Write(ref _spanTags, made);
        }
        return made.Tags;
    }

    private KeyValuePair<string, object?>[] MakeSpanTags(EndpointAddress? endpoint)
    {
        var tags = new List<KeyValuePair<string, object?>>(5) { new("rpc.system", ZeroRpcDiagnostics.RpcSystem) };
        if (Service is not null)
        {
            tags.Add(new("rpc.service", Service));
        }
        tags.Add(new("rpc.method", Method));
        if (endpoint is not null)
        {
            tags.Add(new("server.address", endpoint.Address));
            if (endpoint.BoxedPort is { } port)
            {
                tags.Add(new("server.port", port));
            }
        }
        return [.. tags];
    }

    /// <summary>The attributes of a failed call: the method's and <c>error.type</c>.</summary>
    public TagList TagsWithError(string errorType)
    {
        var tags = new TagList(Tags) { { "error.type", errorType } };
        return tags;
    }

    public void CallStarted() => Interlocked.Increment(ref _active);

    public void CallEnded() => Interlocked.Decrement(ref _active);

    /// <summary>The calls in flight of every method of one side, for the <c>active_calls</c> instrument.</summary>
    public static IEnumerable<Measurement<long>> ActiveCalls(bool server)
    {
        foreach (var method in Known.Values)
        {
            if (method._server == server)
            {
                yield return new Measurement<long>(Volatile.Read(ref method._active), method.Tags);
            }
        }
    }

    private sealed record SpanTagSet(EndpointAddress? Endpoint, KeyValuePair<string, object?>[] Tags);
}
