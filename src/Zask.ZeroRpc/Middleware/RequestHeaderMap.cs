using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Middleware;

/// <summary>
/// A request's header as the read-only map zerorpc's hooks see: <c>message_id</c> (bytes or text, as it travelled),
/// <c>v</c> when it was an integer, then the task-context keys in wire order.
/// </summary>
/// <remarks>
/// A view over the decoded header rather than a copy: most calls never look at their header, and the middlewares
/// that do read a few keys each.
/// </remarks>
internal sealed class RequestHeaderMap(EventHeader header) : IReadOnlyDictionary<string, object?>
{
    internal const string MessageIdKey = "message_id";
    internal const string VersionKey = "v";

    private bool HasVersion => header.Version is not null;

    // The decoder keeps message_id, v and response_to out of the context, so no key comes twice.
    public int Count => 1 + (HasVersion ? 1 : 0) + header.Context.Count;

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<object?> Values => this.Select(pair => pair.Value);

    public object? this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"the request header has no '{key}' key");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        switch (key)
        {
            case MessageIdKey:
                value = MessageIdValue(header.MessageId);
                return true;
            case VersionKey when HasVersion:
                value = header.Version;
                return true;
            case VersionKey:
                value = null;
                return false;
            default:
                return header.Context.TryGetValue(key, out value);
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return new(MessageIdKey, MessageIdValue(header.MessageId));
        if (HasVersion)
        {
            yield return new(VersionKey, header.Version);
        }
        foreach (var pair in header.Context)
        {
            yield return pair;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>An id as it travelled: a copy of its bytes when it was <c>bin</c>, its text when it was <c>str</c>.</summary>
    private static object MessageIdValue(MessageId id) => id.IsBinary ? id.Bytes.ToArray() : id.ToString();
}
