namespace Zask.Zmtp.Framing;

/// <summary>Receives the frames a <see cref="FrameDecoder"/> completes, in order.</summary>
internal interface IFrameSink
{
    /// <summary>One whole frame. The body array belongs to the sink from now on.</summary>
    void OnFrame(FrameFlags flags, byte[] body);
}
