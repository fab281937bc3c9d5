namespace Zask.Zmtp.Internal;

/// <summary>Counted topic prefixes (ZeroMQ subscriptions): a topic stays until cancelled as often as it was added.</summary>
internal sealed class SubscriptionSet
{
    private readonly List<(byte[] Prefix, int Count)> _entries = [];

    public int Count => _entries.Count;

    public IEnumerable<byte[]> Prefixes => _entries.Select(e => e.Prefix);

    /// <summary>Adds one subscription; true when the prefix is new.</summary>
    public bool Add(ReadOnlySpan<byte> prefix)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Prefix.AsSpan().SequenceEqual(prefix))
            {
                _entries[i] = (_entries[i].Prefix, _entries[i].Count + 1);
                return false;
            }
        }
        _entries.Add((prefix.ToArray(), 1));
        return true;
    }

    /// <summary>Removes one subscription; true when the prefix is gone.</summary>
    public bool Remove(ReadOnlySpan<byte> prefix)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Prefix.AsSpan().SequenceEqual(prefix))
            {
                if (_entries[i].Count > 1)
                {
                    _entries[i] = (_entries[i].Prefix, _entries[i].Count - 1);
                    return false;
                }
                _entries.RemoveAt(i);
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether some subscription is a prefix of <paramref name="topic"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> topic)
    {
        foreach (var (prefix, _) in _entries)
        {
            if (topic.StartsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
