using Zask.Zmtp.Framing;

namespace Zask.Zmtp.Tests.Framing;

public class FrameDecoderTests
{
    private sealed class Sink : IFrameSink
    {
        public List<(FrameFlags Flags, string Hex)> Frames { get; } = [];

        public void OnFrame(FrameFlags flags, byte[] body) => Frames.Add((flags, Hex.Of(body)));
    }

    private static byte[] Stream()
    {
        var big = new byte[700];
        for (var i = 0; i < big.Length; i++)
        {
            big[i] = (byte)(i * 7);
        }
        var bigFrame = FrameWriter.Frame(FrameFlags.More, big);
        // libzmq's own bytes, our long-form frame, a short frame sent in the long form (legal), an empty frame.
        return [
            .. Hex.Bytes(LibzmqCaptures.DealerReady),
            .. Hex.Bytes(LibzmqCaptures.EmptyThenHello),
            .. bigFrame,
            .. Hex.Bytes("02000000000000000378797a"),
            .. Hex.Bytes("0000"),
        ];
    }

    private static List<(FrameFlags, string)> DecodeInPieces(byte[] stream, IEnumerable<int> cuts)
    {
        var sink = new Sink();
        var decoder = new FrameDecoder(-1);
        var at = 0;
        foreach (var cut in cuts.Append(stream.Length))
        {
            decoder.Decode(stream.AsSpan(at, cut - at), sink);
            at = cut;
        }
        decoder.IsIdle.Should().BeTrue();
        return sink.Frames;
    }

    [Fact]
    public void Decodes_libzmqs_frames()
    {
        var frames = DecodeInPieces(Stream(), []);
        frames.Should().HaveCount(6);
        frames[0].Should().Be((FrameFlags.Command, LibzmqCaptures.DealerReady[4..]));
        frames[1].Should().Be((FrameFlags.More, ""));
        frames[2].Should().Be((FrameFlags.None, Hex.Of("hello"u8)));
        frames[3].Item1.Should().Be(FrameFlags.More);
        frames[3].Item2.Length.Should().Be(1400);
        frames[4].Should().Be((FrameFlags.None, "78797a"));
        frames[5].Should().Be((FrameFlags.None, ""));
    }

    [Fact]
    public void Gives_the_same_frames_with_the_stream_split_at_every_byte_boundary()
    {
        var stream = Stream();
        var whole = DecodeInPieces(stream, []);
        for (var cut = 1; cut < stream.Length; cut++)
        {
            DecodeInPieces(stream, [cut]).Should().Equal(whole, $"split at byte {cut}");
        }
    }

    [Fact]
    public void Gives_the_same_frames_for_random_chunkings()
    {
        var stream = Stream();
        var whole = DecodeInPieces(stream, []);
        var random = new Random(1234);
        for (var run = 0; run < 500; run++)
        {
            var cuts = Enumerable.Range(0, random.Next(1, 20)).Select(_ => random.Next(1, stream.Length)).Distinct().Order().ToList();
            DecodeInPieces(stream, cuts).Should().Equal(whole, $"cuts {string.Join(',', cuts)}");
        }
    }

    [Fact]
    public void Refuses_a_frame_declaring_two_to_the_63_bytes_without_allocating_it()
    {
        var act = () => new FrameDecoder(-1).Decode(Hex.Bytes("028000000000000000"), new Sink());
        act.Should().Throw<ZmtpProtocolException>().WithMessage("*9223372036854775808 bytes*");
    }

    [Fact]
    public void Refuses_a_frame_over_the_configured_maximum()
    {
        var act = () => new FrameDecoder(100).Decode(Hex.Bytes("0065"), new Sink());
        act.Should().Throw<ZmtpProtocolException>().WithMessage("*101 bytes*100-byte limit*");
    }

    [Theory]
    [InlineData(0x08)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void Refuses_reserved_flag_bits(byte flags)
    {
        var act = () => new FrameDecoder(-1).Decode([flags, 0x00], new Sink());
        act.Should().Throw<ZmtpProtocolException>().WithMessage("*reserved bits*");
    }
}
