using System.Buffers.Binary;
using System.Text;

namespace Zask.Zmtp.Framing;

/// <summary>
/// The 64-byte ZMTP greeting, sent and parsed in libzmq's three stages: the 10-byte signature, then the major version
/// once the peer's signature is in, then the rest once the peer's major is in. Staging lets an old (1.0/2.0) peer be
/// recognised before it is sent anything it cannot read. I/O-free: the connection moves the bytes.
/// </summary>
internal sealed class Greeting
{
    /// <summary>The greeting's full length.</summary>
    public const int Length = 64;

    /// <summary>The signature's length (stage one).</summary>
    public const int SignatureLength = 10;

    /// <summary>The major version this implementation speaks.</summary>
    public const byte Major = 3;

    /// <summary>The minor version this implementation advertises (3.1).</summary>
    public const byte Minor = 1;

    private readonly byte[] _peer = new byte[Length];
    private int _filled;

    /// <summary>How many of the peer's greeting bytes have arrived.</summary>
    public int Filled => _filled;

    /// <summary>True once all 64 bytes of the peer's greeting are in.</summary>
    public bool IsComplete => _filled == Length;

    /// <summary>The peer's major version (valid once 11 bytes are in).</summary>
    public byte PeerMajor => _peer[10];

    /// <summary>The peer's minor version (valid once complete).</summary>
    public byte PeerMinor => _peer[11];

    /// <summary>The peer's as-server flag (valid once complete; informative only, never trusted).</summary>
    public bool PeerAsServer => _peer[32] != 0;

    /// <summary>The mechanism name the peer announced (valid once complete).</summary>
    public string PeerMechanism
    {
        get
        {
            var name = _peer.AsSpan(12, 20);
            var end = name.IndexOf((byte)0);
            return Encoding.ASCII.GetString(end < 0 ? name : name[..end]);
        }
    }

    /// <summary>Our signature: 0xFF, 8 bytes of padding (libzmq writes the identity length + 1 there), 0x7F.</summary>
    public static byte[] Signature(int identityLength)
    {
        var signature = new byte[SignatureLength];
        signature[0] = 0xFF;
        BinaryPrimitives.WriteUInt64BigEndian(signature.AsSpan(1), (ulong)identityLength + 1);
        signature[9] = 0x7F;
        return signature;
    }

    /// <summary>Stage three: bytes 11–63, the minor version, mechanism, as-server flag and filler.</summary>
    public static byte[] Rest(string mechanism, bool asServer)
    {
        var rest = new byte[Length - SignatureLength - 1];
        rest[0] = Minor;
        Encoding.ASCII.GetBytes(mechanism, rest.AsSpan(1, 20));
        rest[21] = asServer ? (byte)1 : (byte)0;
        return rest;
    }

    /// <summary>Takes as many greeting bytes as are still missing from <paramref name="input"/>; returns how many.</summary>
    /// <exception cref="ZmtpProtocolException">The peer is not a ZMTP 3 peer.</exception>
    public int Feed(ReadOnlySpan<byte> input)
    {
        var take = Math.Min(Length - _filled, input.Length);
        input[..take].CopyTo(_peer.AsSpan(_filled));
        var before = _filled;
        _filled += take;
        if (before == 0 && _filled > 0 && _peer[0] != 0xFF)
        {
            throw new ZmtpProtocolException("peer speaks ZMTP 1.0 (no greeting signature), which is not supported");
        }
        if (before < SignatureLength && _filled >= SignatureLength && (_peer[9] & 0x01) == 0)
        {
            throw new ZmtpProtocolException("peer speaks ZMTP 1.0 (bit 0 of signature byte 9 clear), which is not supported");
        }
        if (before < 11 && _filled >= 11 && _peer[10] < Major)
        {
            // The byte is a revision, not a version: 0 is ZMTP 1.0 with a signature, 1 (and 2, never released) ZMTP 2.0.
            var version = _peer[10] == 0 ? "1.0" : "2.0";
            throw new ZmtpProtocolException($"peer speaks ZMTP {version} (greeting revision {_peer[10]}); only ZMTP 3.0 and later are supported");
        }
        return take;
    }
}
