using System.Buffers;

namespace Zask.Zmtp.Internal;

/// <summary>A growable byte buffer on pooled arrays: the bytes a connection has yet to write.</summary>
internal sealed class OutBuffer
{
    // A buffer that grew past this for a burst goes back to the pool after its flush, so idle connections stay small.
    private const int KeepCapacity = 64 * 1024;

    private byte[] _array = [];
    private int _length;

    public int Length => _length;

    public ReadOnlyMemory<byte> Written => _array.AsMemory(0, _length);

    /// <summary>The bytes written so far, to be changed in place (CURVE seals coalesced boxes where they lie).</summary>
    public Span<byte> WrittenSpan => _array.AsSpan(0, _length);

    public Span<byte> GetSpan(int size)
    {
        if (_array.Length - _length < size)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_length + size, Math.Max(_array.Length * 2, 4096)));
            _array.AsSpan(0, _length).CopyTo(grown);
            ReturnArray();
            _array = grown;
        }
        return _array.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    /// <summary>Empties the buffer; gives its array back when it is large or <paramref name="release"/> is set.</summary>
    public void Reset(bool release = false)
    {
        _length = 0;
        if (release || _array.Length > KeepCapacity)
        {
            ReturnArray();
            _array = [];
        }
    }

    private void ReturnArray()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
