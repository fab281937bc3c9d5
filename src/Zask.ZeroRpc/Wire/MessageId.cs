using System.Text;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// An event's <c>message_id</c>: opaque bytes plus the MessagePack type they travelled as.
/// </summary>
/// <remarks>
/// Peers only compare ids and echo them back. zerorpc-python sends ids as <c>bin</c>, zerorpc-node as
/// <c>str</c>, and Python routes by dictionary lookup where <c>b"x" != "x"</c>, so an id must be echoed
/// with the exact type it arrived with. Equality is on the bytes alone, which is how we route.
/// </remarks>
internal readonly struct MessageId : IEquatable<MessageId>
{
    // Memory, not an array: ids decoded by the multiplexer point into the received blob instead of being copied.
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly int _hash;

    /// <summary>Creates an id from its raw bytes.</summary>
    /// <param name="bytes">The id's bytes (not copied: the caller hands them over).</param>
    /// <param name="isBinary"><c>true</c> when the id travels as MessagePack <c>bin</c>, <c>false</c> for <c>str</c>.</param>
    public MessageId(byte[] bytes, bool isBinary)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _bytes = bytes;
        IsBinary = isBinary;
        var hash = new HashCode();
        hash.AddBytes(bytes);
        _hash = hash.ToHashCode();
    }

    /// <summary>An id over bytes that nobody modifies afterwards (a slice of a received message), not copied.</summary>
    internal MessageId(ReadOnlyMemory<byte> bytes, bool isBinary)
    {
        _bytes = bytes;
        IsBinary = isBinary;
        var hash = new HashCode();
        hash.AddBytes(bytes.Span);
        _hash = hash.ToHashCode();
    }

    /// <summary>The id's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.Span;

    /// <summary><c>true</c> when the id is written as MessagePack <c>bin</c>; <c>false</c> for <c>str</c>.</summary>
    public bool IsBinary { get; }

    /// <summary><c>true</c> for the default value, which is no id at all.</summary>
    public bool IsEmpty => _bytes.IsEmpty;

    /// <summary>Creates an id that travels as a MessagePack <c>str</c>.</summary>
    public static MessageId FromString(string value) => new(Encoding.UTF8.GetBytes(value), isBinary: false);

    /// <inheritdoc />
    public bool Equals(MessageId other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MessageId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>Compares two ids by their bytes.</summary>
    public static bool operator ==(MessageId left, MessageId right) => left.Equals(right);

    /// <summary>Compares two ids by their bytes.</summary>
    public static bool operator !=(MessageId left, MessageId right) => !left.Equals(right);

    /// <summary>The id as text (ids are ASCII in practice), for logs.</summary>
    public override string ToString() => Encoding.UTF8.GetString(_bytes.Span);
}
