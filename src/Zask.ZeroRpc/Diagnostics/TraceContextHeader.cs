using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>
/// The task context of a request whose only keys are the W3C trace context (<c>traceparent</c>, and
/// <c>tracestate</c> when there is one): the common case of a traced call without middlewares, sent without the
/// dictionary a general context needs (one object of two fields per call instead of a table of three arrays).
/// The event codec writes its keys directly.
/// </summary>
internal sealed class TraceContextHeader(string traceParentKey, string traceParent, string traceStateKey, string? traceState)
    : IReadOnlyDictionary<string, object?>
{
    public string TraceParentKey { get; } = traceParentKey;

    public string TraceParent { get; } = traceParent;

    public string TraceStateKey { get; } = traceStateKey;

    public string? TraceState { get; } = traceState;

    public int Count => TraceState is null ? 1 : 2;

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<object?> Values => this.Select(pair => pair.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (key == TraceParentKey)
        {
            value = TraceParent;
            return true;
        }
        if (TraceState is not null && key == TraceStateKey)
        {
            value = TraceState;
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return new KeyValuePair<string, object?>(TraceParentKey, TraceParent);
        if (TraceState is not null)
        {
            yield return new KeyValuePair<string, object?>(TraceStateKey, TraceState);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
