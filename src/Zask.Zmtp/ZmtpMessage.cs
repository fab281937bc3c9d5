using System.Collections;
using System.Text;

namespace Zask.Zmtp;

/// <summary>
/// A received multipart message: its frames in order. On a ROUTER the first frame is the sender's routing id (an
/// array shared by every message from that peer: do not modify it).
/// </summary>
public sealed class ZmtpMessage : IReadOnlyList<byte[]>
{
    private readonly List<byte[]> _frames;

    /// <summary>A message of the given frames.</summary>
    public ZmtpMessage(params IEnumerable<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        _frames = [.. frames];
    }

    internal ZmtpMessage(List<byte[]> frames)
    {
        _frames = frames;
    }

    /// <summary>The number of frames.</summary>
    public int Count => _frames.Count;

    /// <summary>The frame at <paramref name="index"/>.</summary>
    public byte[] this[int index] => _frames[index];

    /// <summary>The last frame (ZeroRPC's event blob).</summary>
    public byte[] Last => _frames[^1];

    /// <inheritdoc />
    public IEnumerator<byte[]> GetEnumerator() => _frames.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The frame at <paramref name="index"/> as UTF-8 text (tests, logs).</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(_frames[index]);
}
