namespace Zask.Zmtp.Framing;

/// <summary>The flag bits of a ZMTP 3 frame header (RFC 23/37).</summary>
[Flags]
internal enum FrameFlags : byte
{
    None = 0,
    More = 0x01,
    Long = 0x02,
    Command = 0x04,

    /// <summary>Bits 3–7: reserved, must be zero.</summary>
    Reserved = 0xF8,
}
