namespace Zask.Zmtp.Framing;

/// <summary>
/// An incremental, I/O-free ZMTP 3 frame decoder: feed it whatever bytes a read brought and it hands every complete
/// frame to the sink, keeping a partial header or body for the next read. A body's array grows with the bytes that
/// actually arrive, so a peer that merely declares a huge frame costs nothing.
/// </summary>
internal sealed class FrameDecoder
{
    // Bodies start at this size at most and double as bytes arrive, up to the declared size.
    private const int InitialBodyChunk = 64 * 1024;
    private static readonly byte[] Empty = [];

    private long _maxFrameSize;
    private readonly byte[] _header = new byte[9];
    private int _headerFilled;
    private FrameFlags _flags;
    private byte[]? _body;
    private long _bodySize;
    private int _bodyFilled;

    /// <param name="maxFrameSize">The largest body accepted; a bigger declaration is a protocol error.</param>
    public FrameDecoder(long maxFrameSize)
    {
        SetMaxFrameSize(maxFrameSize);
    }

    /// <summary>
    /// Changes the largest body accepted from the next frame on (a CURVE connection that coalesces frames takes boxes
    /// of a fixed size, whatever the limit on the frames inside them).
    /// </summary>
    public void SetMaxFrameSize(long maxFrameSize) =>
        _maxFrameSize = Math.Min(maxFrameSize < 0 ? long.MaxValue : maxFrameSize, Array.MaxLength);

    /// <summary>True when no partial frame is held.</summary>
    public bool IsIdle => _headerFilled == 0 && _body is null;

    /// <summary>
    /// When a large body is being filled, the part of its array still to fill, so that the next read can land there
    /// directly instead of passing through the read buffer; empty otherwise.
    /// </summary>
    public Memory<byte> DirectTarget =>
        _body is not null && _body.Length - _bodyFilled >= 4096 ? _body.AsMemory(_bodyFilled) : Memory<byte>.Empty;

    /// <summary>Records <paramref name="count"/> bytes received straight into <see cref="DirectTarget"/>.</summary>
    public void AdvanceDirect(int count, IFrameSink sink)
    {
        _bodyFilled += count;
        if (_bodyFilled == _bodySize)
        {
            Complete(sink);
        }
    }

    /// <summary>Decodes all of <paramref name="input"/>, calling the sink for every frame completed.</summary>
    /// <exception cref="ZmtpProtocolException">Reserved flag bits set, or a size beyond the limit.</exception>
    public void Decode(ReadOnlySpan<byte> input, IFrameSink sink)
    {
        while (!input.IsEmpty)
        {
            if (_body is null)
            {
                // Header: one flags byte, then a 1- or 8-byte size.
                if (_headerFilled == 0)
                {
                    var flags = (FrameFlags)input[0];
                    if ((flags & FrameFlags.Reserved) != 0)
                    {
                        throw new ZmtpProtocolException($"frame flags 0x{(byte)flags:X2} set reserved bits");
                    }
                    _header[0] = input[0];
                    _headerFilled = 1;
                    input = input[1..];
                    // Fast path: a whole short header in the input.
                    if ((flags & FrameFlags.Long) == 0 && !input.IsEmpty)
                    {
                        _headerFilled = 0;
                        StartBody(flags, input[0]);
                        input = input[1..];
                        if (_bodySize == 0)
                        {
                            Complete(sink);
                        }
                        continue;
                    }
                    continue;
                }
                var headerLength = ((FrameFlags)_header[0] & FrameFlags.Long) != 0 ? 9 : 2;
                var take = Math.Min(headerLength - _headerFilled, input.Length);
                input[..take].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                input = input[take..];
                if (_headerFilled < headerLength)
                {
                    continue;
                }
                _headerFilled = 0;
                var size = headerLength == 2
                    ? _header[1]
                    : System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(1, 8)) is var big && big > long.MaxValue
                        ? throw new ZmtpProtocolException($"frame declares {big} bytes, more than any frame can hold")
                        : (long)big;
                StartBody((FrameFlags)_header[0], size);
                if (_bodySize == 0)
                {
                    Complete(sink);
                }
                continue;
            }

            var body = _body;
            var room = (int)Math.Min(_bodySize - _bodyFilled, input.Length);
            if (_bodyFilled + room > body.Length)
            {
                var grown = new byte[(int)Math.Min(_bodySize, Math.Max((long)body.Length * 2, _bodyFilled + room))];
                body.AsSpan(0, _bodyFilled).CopyTo(grown);
                _body = body = grown;
            }
            input[..room].CopyTo(body.AsSpan(_bodyFilled));
            _bodyFilled += room;
            input = input[room..];
            if (_bodyFilled == _bodySize)
            {
                Complete(sink);
            }
        }
    }

    private void StartBody(FrameFlags flags, long size)
    {
        if (size > _maxFrameSize)
        {
            throw new ZmtpProtocolException($"frame declares {size} bytes, over the {_maxFrameSize}-byte limit");
        }
        _flags = flags & ~FrameFlags.Long;
        _bodySize = size;
        _bodyFilled = 0;
        _body = size == 0 ? Empty : new byte[(int)Math.Min(size, InitialBodyChunk)];
    }

    private void Complete(IFrameSink sink)
    {
        var body = _body!;
        var flags = _flags;
        _body = null;
        sink.OnFrame(flags, body.Length == 0 ? [] : body);
    }
}
