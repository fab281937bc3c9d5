namespace Zask.ZeroRpc.Wire;

/// <summary>
/// The method names a server knows, searchable by their UTF-8 bytes, so that decoding a request for a known method
/// reuses its name instead of allocating a new string per call. Read-only once built, so safe to share.
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public NameTable(IEnumerable<string> names)
    {
        var table = new Dictionary<byte[], string>(ByteArrayComparer.Instance);
        foreach (var name in names)
        {
            table[System.Text.Encoding.UTF8.GetBytes(name)] = name;
        }
        _lookup = table.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The known name spelled by <paramref name="utf8"/>, or <c>null</c>.</summary>
    public string? Find(ReadOnlySpan<byte> utf8) => _lookup.TryGetValue(utf8, out var name) ? name : null;
}
