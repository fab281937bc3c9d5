using System.Buffers.Binary;
using System.Security.Cryptography;
using Zask.Zmtp.Crypto;
using Zask.Zmtp.Security;

namespace Zask.Zmtp.Mechanisms;

/// <summary>
/// The server side of CurveZMQ for one connection: (HELLO) → WELCOME → (INITIATE) → READY → ready. The server keeps
/// no state for a client between WELCOME and INITIATE but a cookie key made for that one WELCOME; INITIATE brings the
/// cookie back. A client whose permanent key <c>isClientAllowed</c> refuses gets a ZMTP ERROR.
/// </summary>
internal sealed class CurveServerMechanism : CurveMechanismBase
{
    /// <summary>
    /// The ERROR reason sent to a refused client: the ZAP status code (RFC 27) libzmq's own CURVE servers send, so that
    /// libzmq, pyzmq and zerorpc clients report an authentication failure (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH 400).
    /// </summary>
    public const string RefusedReason = "400";

    private const int HelloLength = 200;
    private const int InitiateMinimum = 257;

    private readonly CurveKeyPair _serverKeys;
    private readonly Func<byte[], bool>? _isClientAllowed;
    private readonly byte[] _transientPublic = new byte[LibSodium.KeyBytes];
    private readonly byte[] _transientSecret = new byte[LibSodium.KeyBytes];
    private readonly byte[] _clientTransient = new byte[LibSodium.KeyBytes];
    private readonly byte[] _cookieKey = new byte[LibSodium.KeyBytes];
    private State _state = State.ExpectHello;

    /// <summary>
    /// Creates the server for one connection; <paramref name="isClientAllowed"/> null accepts any client;
    /// <paramref name="offerBatching"/> announces that it takes coalesced boxes.
    /// </summary>
    public CurveServerMechanism(CurveKeyPair serverKeys, IReadOnlyDictionary<string, byte[]> localProperties, Func<byte[], bool>? isClientAllowed,
        bool offerBatching = true)
        : base(asServer: true, localProperties, offerBatching)
    {
        ArgumentNullException.ThrowIfNull(serverKeys);
        _serverKeys = serverKeys;
        _isClientAllowed = isClientAllowed;
        LibSodium.KeyPair(_transientPublic, _transientSecret);
    }

    private enum State
    {
        ExpectHello,
        ExpectInitiate,
        Ready,
        Failed,
    }

    /// <summary>The client's permanent public key, once INITIATE has proven it (null before).</summary>
    public byte[]? ClientPublicKey { get; private set; }

    /// <inheritdoc />
    public override void Start(List<byte[]> output)
    {
        // The client speaks first (HELLO); the server has nothing to send yet.
        ArgumentNullException.ThrowIfNull(output);
    }

    /// <inheritdoc />
    public override void OnCommand(ReadOnlySpan<byte> command, List<byte[]> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            switch (_state)
            {
                case State.ExpectHello:
                    OnHello(command, output);
                    _state = State.ExpectInitiate;
                    break;
                case State.ExpectInitiate:
                    OnInitiate(command, output);
                    _state = State.Ready;
                    Ready = true;
                    break;
                default:
                    throw new MechanismException($"unexpected {DescribeCommand(command)} in the CURVE server's state {_state}");
            }
        }
        catch (MechanismException)
        {
            _state = State.Failed;
            throw;
        }
    }

    private void OnHello(ReadOnlySpan<byte> hello, List<byte[]> output)
    {
        if (hello.Length != HelloLength || !hello.StartsWith("\u0005HELLO"u8))
        {
            throw new MechanismException($"expected a {HelloLength}-byte HELLO, got {DescribeCommand(hello)}");
        }
        if (hello[6] != 1 || hello[7] != 0)
        {
            throw new MechanismException($"HELLO asks for CurveZMQ version {hello[6]}.{hello[7]}; this server speaks 1.0");
        }
        hello.Slice(80, 32).CopyTo(_clientTransient);
        ulong nonce = CheckPeerNonce(hello.Slice(112, 8), "HELLO");
        Span<byte> fullNonce = stackalloc byte[LibSodium.NonceBytes];
        MakeNonce(fullNonce, "CurveZMQHELLO---"u8, nonce);
        Span<byte> signature = stackalloc byte[64];
        if (!LibSodium.BoxOpen(signature, hello.Slice(120, 80), fullNonce, _clientTransient, _serverKeys.SecretKey))
        {
            throw new MechanismException("cannot open the client's HELLO: the client was given another server public key than this server's");
        }
        AcceptPeerNonce(nonce);

        // Cookie: nonce (16) + secretbox [C' + s'] under a key made for this WELCOME only, so INITIATE can prove it
        // answers this WELCOME without the server keeping more per half-open connection.
        Span<byte> cookie = stackalloc byte[96];
        LibSodium.RandomBytes(_cookieKey);
        LibSodium.RandomBytes(cookie[..16]);
        Span<byte> cookiePlain = stackalloc byte[64];
        _clientTransient.CopyTo(cookiePlain);
        _transientSecret.CopyTo(cookiePlain[32..]);
        MakeNonce(fullNonce, "COOKIE--"u8, cookie[..16]);
        LibSodium.SecretBox(cookie[16..], cookiePlain, fullNonce, _cookieKey);
        CryptographicOperations.ZeroMemory(cookiePlain);

        // WELCOME: name, random nonce (16), Box [S' + cookie](S → C').
        var welcome = new byte[168];
        "\u0007WELCOME"u8.CopyTo(welcome);
        LibSodium.RandomBytes(welcome.AsSpan(8, 16));
        MakeNonce(fullNonce, "WELCOME-"u8, welcome.AsSpan(8, 16));
        Span<byte> welcomePlain = stackalloc byte[128];
        _transientPublic.CopyTo(welcomePlain);
        cookie.CopyTo(welcomePlain[32..]);
        LibSodium.Box(welcome.AsSpan(24, 144), welcomePlain, fullNonce, _clientTransient, _serverKeys.SecretKey);
        output.Add(welcome);
    }

    private void OnInitiate(ReadOnlySpan<byte> initiate, List<byte[]> output)
    {
        if (initiate.Length < InitiateMinimum || !initiate.StartsWith("\u0008INITIATE"u8))
        {
            throw new MechanismException($"expected INITIATE (at least {InitiateMinimum} bytes), got {DescribeCommand(initiate)}");
        }
        Span<byte> fullNonce = stackalloc byte[LibSodium.NonceBytes];
        MakeNonce(fullNonce, "COOKIE--"u8, initiate.Slice(9, 16));
        Span<byte> cookiePlain = stackalloc byte[64];
        if (!LibSodium.SecretBoxOpen(cookiePlain, initiate.Slice(25, 80), fullNonce, _cookieKey)
            || !SameBytes(cookiePlain[..32], _clientTransient)
            || !SameBytes(cookiePlain[32..], _transientSecret))
        {
            throw new MechanismException("INITIATE does not carry the cookie this server sent in WELCOME");
        }
        CryptographicOperations.ZeroMemory(cookiePlain);
        // The cookie has served: a replayed INITIATE cannot reuse it.
        CryptographicOperations.ZeroMemory(_cookieKey);

        ulong nonce = CheckPeerNonce(initiate.Slice(105, 8), "INITIATE");
        try
        {
            LibSodium.BeforeNm(SharedKey, _clientTransient, _transientSecret);
        }
        catch (CryptographicException e)
        {
            throw new MechanismException("the client's transient key in HELLO is unusable", e);
        }
        MakeNonce(fullNonce, "CurveZMQINITIATE"u8, nonce);
        var plaintext = new byte[initiate.Length - 113 - LibSodium.MacBytes];
        if (!LibSodium.BoxOpenAfterNm(plaintext, initiate[113..], fullNonce, SharedKey))
        {
            throw new MechanismException("cannot open the client's INITIATE (tampered, or boxed under another key)");
        }
        AcceptPeerNonce(nonce);

        // Vouch: Box [C' + S](C → S') proves the client holds the secret key of the permanent key C it names.
        byte[] clientKey = plaintext.AsSpan(0, 32).ToArray();
        MakeNonce(fullNonce, "VOUCH---"u8, plaintext.AsSpan(32, 16));
        Span<byte> vouchPlain = stackalloc byte[64];
        if (!LibSodium.BoxOpen(vouchPlain, plaintext.AsSpan(48, 80), fullNonce, clientKey, _transientSecret))
        {
            throw new MechanismException($"the vouch in INITIATE does not open with the client key it names ({Z85.Encode(clientKey)})");
        }
        if (!SameBytes(vouchPlain[..32], _clientTransient) || !SameBytes(vouchPlain[32..], _serverKeys.PublicKey))
        {
            throw new MechanismException("the vouch in INITIATE was made for another connection or another server");
        }
        CryptographicOperations.ZeroMemory(_transientSecret);

        bool allowed;
        try
        {
            allowed = _isClientAllowed is null || _isClientAllowed(clientKey);
        }
        catch (Exception e)
        {
            // Security fails closed: a broken allow list refuses, like a ZAP handler's internal error.
            output.Add(ErrorCommand("500"));
            throw new MechanismException($"the allow list failed on client key {Z85.Encode(clientKey)}; refused it and sent ERROR 500", e);
        }
        if (!allowed)
        {
            output.Add(ErrorCommand(RefusedReason));
            throw new MechanismException($"client key {Z85.Encode(clientKey)} is not allowed (not on the server's allow list); sent ERROR {RefusedReason}");
        }
        ClientPublicKey = clientKey;
        PeerMetadata = CurveMetadata.Read(plaintext.AsSpan(128), "INITIATE");

        // READY: name, short nonce, Box [metadata](S' → C').
        int metadataLength = CurveMetadata.Length(LocalProperties);
        var readyPlain = new byte[metadataLength];
        CurveMetadata.Write(LocalProperties, readyPlain);
        var ready = new byte[14 + LibSodium.MacBytes + metadataLength];
        "\u0005READY"u8.CopyTo(ready);
        ulong readyNonce = TakeNonce();
        BinaryPrimitives.WriteUInt64BigEndian(ready.AsSpan(6), readyNonce);
        MakeNonce(fullNonce, "CurveZMQREADY---"u8, readyNonce);
        LibSodium.BoxAfterNm(ready.AsSpan(14), readyPlain, fullNonce, SharedKey);
        output.Add(ready);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        // A handshake that failed half-way leaves its transient secrets behind: wipe them with the rest.
        CryptographicOperations.ZeroMemory(_transientSecret);
        CryptographicOperations.ZeroMemory(_cookieKey);
        base.Dispose();
    }
}
