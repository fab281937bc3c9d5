using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Zask.Zmtp.Crypto;

namespace Zask.Zmtp.Mechanisms;

/// <summary>
/// What the CURVE client and server share (RFC 26, ZMTP-CURVE RFC 25): the short-nonce counters, the precomputed
/// transient shared key, the MESSAGE wrapping of frames, the ERROR command and the command layouts' constants.
/// </summary>
/// <remarks>
/// Short nonces start at 1 and never reset: the client's HELLO is 1, INITIATE 2, then its MESSAGEs; the server's
/// READY is 1, then its MESSAGEs. A received nonce must be strictly greater than the last one accepted, which is
/// what stops replayed and reordered commands.
/// <para>
/// Once ready, <see cref="EncryptFrame"/> and <see cref="DecryptFrame"/> touch disjoint state (the send counter and the
/// receive window; the shared key is only read), so one sending and one receiving thread may use them at once; each
/// of the two is not reentrant. On the wire libzmq sends MESSAGE as a data frame with no flags: MORE and COMMAND
/// travel inside the box.
/// </para>
/// </remarks>
internal abstract class CurveMechanismBase : Mechanism
{
    /// <summary>The MESSAGE command's name, with its length byte.</summary>
    protected static ReadOnlySpan<byte> MessageName => "\u0007MESSAGE"u8;

    /// <summary>The ERROR command's name, with its length byte.</summary>
    protected static ReadOnlySpan<byte> ErrorName => "\u0005ERROR"u8;

    /// <summary>The smallest MESSAGE: name (8), short nonce (8), box of the flags byte alone (17).</summary>
    protected const int MessageOverhead = 33;

    // The 16-byte nonce prefixes of MESSAGE: libzmq and RFC 26's prose use C for client→server and S for the reverse.
    private static readonly byte[] ClientMessagePrefix = "CurveZMQMESSAGEC"u8.ToArray();
    private static readonly byte[] ServerMessagePrefix = "CurveZMQMESSAGES"u8.ToArray();

    private readonly byte[] _sendPrefix;
    private readonly byte[] _receivePrefix;
    // MESSAGE nonces share their first 16 bytes per direction, so XSalsa20's subkey HSalsa20(shared key, prefix) is
    // the same for every MESSAGE of the connection: derived once when ready, instead of once per box.
    private readonly byte[] _sendSubkey = new byte[LibSodium.KeyBytes];
    private readonly byte[] _receiveSubkey = new byte[LibSodium.KeyBytes];
    private readonly bool _offersBatching;
    private ulong _nextNonce = 1;
    private ulong _lastPeerNonce;
    private bool _ready;
    private bool _batches;

    /// <summary>The precomputed shared key of the two transient keys (crypto_box_beforenm), set during the handshake.</summary>
    protected readonly byte[] SharedKey = new byte[LibSodium.KeyBytes];

    /// <summary>
    /// Sets up the counters; <paramref name="asServer"/> picks the nonce prefixes; <paramref name="offerBatching"/>
    /// announces <see cref="BatchProperty"/> in this end's metadata.
    /// </summary>
    protected CurveMechanismBase(bool asServer, IReadOnlyDictionary<string, byte[]> localProperties, bool offerBatching)
    {
        ArgumentNullException.ThrowIfNull(localProperties);
        AsServer = asServer;
        _offersBatching = offerBatching;
        LocalProperties = offerBatching ? WithBatchProperty(localProperties) : localProperties;
        _sendPrefix = asServer ? ServerMessagePrefix : ClientMessagePrefix;
        _receivePrefix = asServer ? ClientMessagePrefix : ServerMessagePrefix;
    }

    /// <inheritdoc />
    public sealed override string Name => "CURVE";

    /// <inheritdoc />
    public sealed override bool AsServer { get; }

    /// <inheritdoc />
    public sealed override bool IsReady => Ready;

    /// <inheritdoc />
    public sealed override IReadOnlyDictionary<string, byte[]> PeerProperties => PeerMetadata;

    /// <inheritdoc />
    public sealed override bool EncryptsFrames => true;

    /// <summary>The properties this end announces.</summary>
    protected IReadOnlyDictionary<string, byte[]> LocalProperties { get; }

    /// <summary>The peer's properties, once received.</summary>
    protected IReadOnlyDictionary<string, byte[]> PeerMetadata { get; set; } = new Dictionary<string, byte[]>();

    /// <summary>
    /// The metadata property a Zask peer announces in INITIATE or READY when it can take coalesced MESSAGE boxes (see
    /// <see cref="Mechanism.BatchesFrames"/>); libzmq and NetMQ ignore properties they do not know.
    /// </summary>
    public const string BatchProperty = "X-Zask-Curve-Batch";

    /// <summary>
    /// Set by the subclass when the handshake completes: derives the MESSAGE subkeys and wipes the shared key, which
    /// has no further use.
    /// </summary>
    protected bool Ready
    {
        get => _ready;
        set
        {
            if (value && !_ready)
            {
                LibSodium.HSalsa20(_sendSubkey, _sendPrefix, SharedKey);
                LibSodium.HSalsa20(_receiveSubkey, _receivePrefix, SharedKey);
                CryptographicOperations.ZeroMemory(SharedKey);
                _batches = _offersBatching
                    && PeerMetadata.TryGetValue(BatchProperty, out var batch) && batch.AsSpan().SequenceEqual("1"u8);
            }
            _ready = value;
        }
    }

    /// <inheritdoc />
    public sealed override bool BatchesFrames => _batches;

    /// <inheritdoc />
    public sealed override void SealBatch(Span<byte> message)
    {
        EnsureReady();
        if (message.Length < BatchPrefixLength)
        {
            throw new ArgumentException($"a MESSAGE box is at least {BatchPrefixLength} bytes, not {message.Length}", nameof(message));
        }
        ulong nonce = TakeNonce();
        MessageName.CopyTo(message);
        BinaryPrimitives.WriteUInt64BigEndian(message[8..], nonce);
        Span<byte> plaintext = message[BatchPrefixLength..];
        LibSodium.SealWithSubkey(plaintext, message.Slice(16, LibSodium.MacBytes), plaintext, message.Slice(8, 8), _sendSubkey);
    }

    /// <inheritdoc />
    public sealed override int OpenBatch(Span<byte> message)
    {
        EnsureReady();
        if (message.Length < BatchPrefixLength || !message.StartsWith(MessageName))
        {
            throw new MechanismException(message.Length < BatchPrefixLength
                ? $"malformed MESSAGE: {message.Length} bytes, the least is {BatchPrefixLength}"
                : $"expected a MESSAGE command, got {DescribeCommand(message)}");
        }
        ulong nonce = CheckPeerNonce(message.Slice(8, 8), "MESSAGE");
        Span<byte> cipher = message[BatchPrefixLength..];
        if (!LibSodium.OpenWithSubkey(cipher, message.Slice(16, LibSodium.MacBytes), cipher, message.Slice(8, 8), _receiveSubkey))
        {
            throw new MechanismException("a MESSAGE did not authenticate (tampered, or boxed under another key)");
        }
        AcceptPeerNonce(nonce);
        return cipher.Length;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        CryptographicOperations.ZeroMemory(SharedKey);
        CryptographicOperations.ZeroMemory(_sendSubkey);
        CryptographicOperations.ZeroMemory(_receiveSubkey);
    }

    /// <inheritdoc />
    public sealed override int EncryptedLength(int bodyLength) => MessageOverhead + bodyLength;

    /// <inheritdoc />
    public sealed override int EncryptFrame(byte flags, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        EnsureReady();
        int length = MessageOverhead + body.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"a MESSAGE for a {body.Length}-byte frame needs {length} bytes, not {destination.Length}", nameof(destination));
        }
        ulong nonce = TakeNonce();
        MessageName.CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], nonce);
        // The plaintext (flags, body) is laid where its ciphertext goes, then encrypted in place: no buffer of our own.
        destination[32] = flags;
        body.CopyTo(destination[33..]);
        Span<byte> inner = destination[32..length];
        LibSodium.SealWithSubkey(inner, destination.Slice(16, LibSodium.MacBytes), inner, destination.Slice(8, 8), _sendSubkey);
        return length;
    }

    /// <inheritdoc />
    public sealed override int DecryptFrame(ReadOnlySpan<byte> message, Span<byte> destination, out byte flags)
    {
        EnsureReady();
        if (message.Length < MessageOverhead || !message.StartsWith(MessageName))
        {
            throw new MechanismException(message.Length < MessageOverhead
                ? $"malformed MESSAGE: {message.Length} bytes, the least is {MessageOverhead}"
                : $"expected a MESSAGE command, got {DescribeCommand(message)}");
        }
        int plaintextLength = message.Length - 32;
        if (destination.Length < plaintextLength - 1)
        {
            throw new ArgumentException($"a MESSAGE of {message.Length} bytes needs {plaintextLength - 1} bytes of destination, not {destination.Length}", nameof(destination));
        }
        ulong nonce = CheckPeerNonce(message.Slice(8, 8), "MESSAGE");
        ReadOnlySpan<byte> shortNonce = message.Slice(8, 8);
        ReadOnlySpan<byte> mac = message.Slice(16, LibSodium.MacBytes);
        ReadOnlySpan<byte> cipher = message[32..];
        if (destination.Length >= plaintextLength)
        {
            // Room for the flags byte too: open in place, then slide the frame down over the flags (overlap-safe copy).
            if (!LibSodium.OpenWithSubkey(destination[..plaintextLength], mac, cipher, shortNonce, _receiveSubkey))
            {
                throw new MechanismException("a MESSAGE did not authenticate (tampered, or boxed under another key)");
            }
            flags = destination[0];
            destination[1..plaintextLength].CopyTo(destination);
        }
        else
        {
            byte[] scratch = ArrayPool<byte>.Shared.Rent(plaintextLength);
            try
            {
                if (!LibSodium.OpenWithSubkey(scratch.AsSpan(0, plaintextLength), mac, cipher, shortNonce, _receiveSubkey))
                {
                    throw new MechanismException("a MESSAGE did not authenticate (tampered, or boxed under another key)");
                }
                flags = scratch[0];
                scratch.AsSpan(1, plaintextLength - 1).CopyTo(destination);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch, clearArray: true);
            }
        }
        // Only an authentic nonce moves the window: a forged one must not lock out the real sender.
        _lastPeerNonce = nonce;
        return plaintextLength - 1;
    }

    private static Dictionary<string, byte[]> WithBatchProperty(IReadOnlyDictionary<string, byte[]> properties)
    {
        var withBatch = new Dictionary<string, byte[]>(properties, StringComparer.Ordinal)
        {
            [BatchProperty] = "1"u8.ToArray(),
        };
        return withBatch;
    }

    /// <summary>The next short nonce to send; each is used once.</summary>
    protected ulong TakeNonce()
    {
        if (_nextNonce == ulong.MaxValue)
        {
            throw new MechanismException("CURVE short nonces are exhausted on this connection; it must reconnect");
        }
        return _nextNonce++;
    }

    /// <summary>
    /// Reads a received short nonce (8 bytes, big-endian) and checks it is above the last accepted one; the caller
    /// calls <see cref="AcceptPeerNonce"/> once the box it protects has authenticated.
    /// </summary>
    protected ulong CheckPeerNonce(ReadOnlySpan<byte> shortNonce, string command)
    {
        ulong nonce = BinaryPrimitives.ReadUInt64BigEndian(shortNonce);
        if (nonce <= _lastPeerNonce)
        {
            throw new MechanismException($"{command} nonce {nonce} is not above the last one accepted ({_lastPeerNonce}): replayed or reordered");
        }
        return nonce;
    }

    /// <summary>Records an authenticated short nonce from the peer.</summary>
    protected void AcceptPeerNonce(ulong nonce) => _lastPeerNonce = nonce;

    /// <summary>Builds a 24-byte nonce from a prefix and the rest (random bytes or a big-endian counter).</summary>
    protected static void MakeNonce(Span<byte> nonce, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> rest)
    {
        prefix.CopyTo(nonce);
        rest.CopyTo(nonce[prefix.Length..]);
    }

    /// <summary>Builds a 24-byte nonce from a 16-byte prefix and a short nonce.</summary>
    protected static void MakeNonce(Span<byte> nonce, ReadOnlySpan<byte> prefix, ulong shortNonce)
    {
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[16..], shortNonce);
    }

    /// <summary>The body of a ZMTP ERROR command: name, reason length, reason (at most 255 ASCII bytes).</summary>
    protected static byte[] ErrorCommand(string reason)
    {
        byte[] text = Encoding.ASCII.GetBytes(reason.Length > 255 ? reason[..255] : reason);
        var command = new byte[ErrorName.Length + 1 + text.Length];
        ErrorName.CopyTo(command);
        command[ErrorName.Length] = (byte)text.Length;
        text.CopyTo(command, ErrorName.Length + 1);
        return command;
    }

    /// <summary>If <paramref name="command"/> is an ERROR, throws with its reason in words.</summary>
    protected static void ThrowIfError(ReadOnlySpan<byte> command, string expected)
    {
        if (!command.StartsWith(ErrorName))
        {
            return;
        }
        string reason = command.Length > ErrorName.Length
            ? Encoding.ASCII.GetString(command.Slice(ErrorName.Length + 1, Math.Min(command[ErrorName.Length], command.Length - ErrorName.Length - 1)))
            : "";
        string meaning = reason switch
        {
            // libzmq servers send the ZAP status code (RFC 27) as the reason.
            "300" => " (temporary failure: try again later)",
            "400" => " (authentication refused: this client's key is not accepted)",
            "500" => " (the server's authenticator failed)",
            _ => "",
        };
        throw new MechanismException($"the peer refused the CURVE handshake while we waited for {expected}: ERROR \"{reason}\"{meaning}");
    }

    /// <summary>A short description of an unexpected command, for errors.</summary>
    protected static string DescribeCommand(ReadOnlySpan<byte> command)
    {
        if (command.Length == 0)
        {
            return "an empty command";
        }
        int nameLength = command[0];
        if (nameLength == 0 || nameLength >= command.Length)
        {
            return $"a malformed {command.Length}-byte command";
        }
        string name = Encoding.ASCII.GetString(command.Slice(1, nameLength));
        return $"{(name.All(c => c is >= ' ' and < (char)127) ? name : "an unnamed")} ({command.Length} bytes)";
    }

    /// <summary>Compares secrets in constant time.</summary>
    protected static bool SameBytes(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => CryptographicOperations.FixedTimeEquals(a, b);

    private void EnsureReady()
    {
        if (!Ready)
        {
            throw new InvalidOperationException("the CURVE handshake is not complete: no MESSAGE can be sent or read yet");
        }
    }
}
