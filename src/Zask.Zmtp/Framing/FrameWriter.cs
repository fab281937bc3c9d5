using System.Buffers.Binary;

namespace Zask.Zmtp.Framing;

/// <summary>Writes ZMTP 3 frame headers and frames, the way libzmq does: the long form only above 255 bytes.</summary>
internal static class FrameWriter
{
    /// <summary>The header length for a body of <paramref name="length"/> bytes.</summary>
    public static int HeaderLength(long length) => length > 255 ? 9 : 2;

    /// <summary>Writes a header and returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, FrameFlags flags, long length)
    {
        if (length > 255)
        {
            destination[0] = (byte)(flags | FrameFlags.Long);
            BinaryPrimitives.WriteUInt64BigEndian(destination[1..], (ulong)length);
            return 9;
        }
        destination[0] = (byte)flags;
        destination[1] = (byte)length;
        return 2;
    }

    /// <summary>Writes a 9-byte header in the long form whatever the length (a length not known when its room was kept).</summary>
    public static void WriteLongHeader(Span<byte> destination, FrameFlags flags, long length)
    {
        destination[0] = (byte)(flags | FrameFlags.Long);
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], (ulong)length);
    }

    /// <summary>A whole frame as a new array (handshake commands, tests).</summary>
    public static byte[] Frame(FrameFlags flags, ReadOnlySpan<byte> body)
    {
        var frame = new byte[HeaderLength(body.Length) + body.Length];
        var header = WriteHeader(frame, flags, body.Length);
        body.CopyTo(frame.AsSpan(header));
        return frame;
    }
}
