namespace Zask.Zmtp.Mechanisms;

/// <summary>
/// A security mechanism (ZMTP's NULL or CURVE) for one connection, free of I/O: the connection feeds it the
/// handshake commands it receives and sends the commands it produces; once <see cref="IsReady"/>, a mechanism that
/// encrypts wraps every frame into a <c>MESSAGE</c> command and unwraps the peer's.
/// </summary>
/// <remarks>
/// Commands are passed as whole command bodies: <c>name-length(1) name data</c>, without the frame's flags and size.
/// A handshake failure throws <see cref="MechanismException"/>; when the mechanism owes the peer an explanation
/// (ZMTP <c>ERROR</c>), it writes that command to the output before throwing.
/// </remarks>
internal abstract class Mechanism : IDisposable
{
    /// <summary>The bytes in front of a coalesced box's plaintext: MESSAGE name (8), short nonce (8), authenticator (16).</summary>
    public const int BatchPrefixLength = 32;

    /// <summary>The name written in the greeting: <c>NULL</c> or <c>CURVE</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether this end plays the server role of the mechanism (CURVE only; from configuration, never the greeting).</summary>
    public abstract bool AsServer { get; }

    /// <summary>True once the handshake is complete in both directions: frames may flow.</summary>
    public abstract bool IsReady { get; }

    /// <summary>
    /// The metadata the peer sent (<c>Socket-Type</c>, <c>Identity</c>, <c>X-*</c>...), names as sent; empty until the
    /// peer's READY (or INITIATE) arrived.
    /// </summary>
    public abstract IReadOnlyDictionary<string, byte[]> PeerProperties { get; }

    /// <summary>Writes the commands to send once both greetings are exchanged (NULL: READY; CURVE client: HELLO).</summary>
    public abstract void Start(List<byte[]> output);

    /// <summary>Handles one handshake command from the peer and writes the commands to send in answer, if any.</summary>
    public abstract void OnCommand(ReadOnlySpan<byte> command, List<byte[]> output);

    /// <summary>Whether frames travel wrapped in MESSAGE commands once ready (CURVE).</summary>
    public virtual bool EncryptsFrames => false;

    /// <summary>The size of the MESSAGE command body that <see cref="EncryptFrame"/> writes for a frame of <paramref name="bodyLength"/> bytes.</summary>
    public virtual int EncryptedLength(int bodyLength) => throw new NotSupportedException($"{Name} does not encrypt frames");

    /// <summary>
    /// Wraps one frame into a MESSAGE command body. <paramref name="flags"/> is the frame's flags byte as CURVE carries it
    /// inside the box (0x01 MORE, 0x02 COMMAND). Returns the bytes written.
    /// </summary>
    public virtual int EncryptFrame(byte flags, ReadOnlySpan<byte> body, Span<byte> destination) =>
        throw new NotSupportedException($"{Name} does not encrypt frames");

    /// <summary>
    /// Unwraps a MESSAGE command body into <paramref name="destination"/> (at least <c>message.Length - 33</c> bytes)
    /// and returns the inner flags and plaintext length. Throws <see cref="MechanismException"/> when it does not
    /// authenticate or its nonce is not strictly increasing.
    /// </summary>
    public virtual int DecryptFrame(ReadOnlySpan<byte> message, Span<byte> destination, out byte flags) =>
        throw new NotSupportedException($"{Name} does not encrypt frames");

    /// <summary>
    /// True once ready when both ends announced they take coalesced boxes (two Zask peers over CURVE): every MESSAGE
    /// then carries a run of ordinary ZMTP frames (flags, size, body) instead of one frame, and a frame may continue in
    /// the next MESSAGE. False with any other peer, which gets one MESSAGE per frame.
    /// </summary>
    public virtual bool BatchesFrames => false;

    /// <summary>
    /// Seals a coalesced box in place: <paramref name="message"/> is <see cref="BatchPrefixLength"/> bytes of room,
    /// then the plaintext; the MESSAGE name, short nonce and authenticator are written into the room.
    /// </summary>
    public virtual void SealBatch(Span<byte> message) => throw new NotSupportedException($"{Name} does not batch frames");

    /// <summary>
    /// Opens a coalesced box in place and returns the length of its plaintext, which starts at
    /// <see cref="BatchPrefixLength"/>. Throws <see cref="MechanismException"/> when it does not authenticate or its
    /// nonce is not strictly increasing.
    /// </summary>
    public virtual int OpenBatch(Span<byte> message) => throw new NotSupportedException($"{Name} does not batch frames");

    /// <summary>Wipes the connection's keys (the connection is closed).</summary>
    public virtual void Dispose()
    {
    }
}
