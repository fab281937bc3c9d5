using System.Security.Cryptography;
using Zask.Zmtp.Crypto;
using Zask.Zmtp.Security;

namespace Zask.Zmtp.Mechanisms;

/// <summary>
/// The client side of CurveZMQ for one connection: HELLO → (WELCOME) → INITIATE → (READY) → ready. The client
/// proves it holds its permanent key (the vouch) and learns that the server holds the secret key of the public key
/// it was configured with (only that server can open HELLO and box WELCOME).
/// </summary>
internal sealed class CurveClientMechanism : CurveMechanismBase
{
    private const int HelloLength = 200;
    private const int WelcomeLength = 168;
    private const int ReadyMinimum = 30;

    private readonly CurveKeyPair _clientKeys;
    private readonly byte[] _serverPublicKey;
    private readonly byte[] _transientPublic = new byte[LibSodium.KeyBytes];
    private readonly byte[] _transientSecret = new byte[LibSodium.KeyBytes];
    private State _state = State.Start;

    /// <summary>
    /// Creates the client for one connection, with transient keys of its own; <paramref name="offerBatching"/> announces
    /// that it takes coalesced boxes.
    /// </summary>
    public CurveClientMechanism(CurveKeyPair clientKeys, byte[] serverPublicKey, IReadOnlyDictionary<string, byte[]> localProperties, bool offerBatching = true)
        : this(clientKeys, serverPublicKey, localProperties, null, offerBatching)
    {
    }

    /// <summary>Creates the client with given transient keys (tests check the wire bytes with them); null makes fresh ones.</summary>
    internal CurveClientMechanism(CurveKeyPair clientKeys, byte[] serverPublicKey, IReadOnlyDictionary<string, byte[]> localProperties, CurveKeyPair? transientKeys,
        bool offerBatching = true)
        : base(asServer: false, localProperties, offerBatching)
    {
        ArgumentNullException.ThrowIfNull(clientKeys);
        ArgumentNullException.ThrowIfNull(serverPublicKey);
        if (serverPublicKey.Length != CurveKeyPair.KeyLength)
        {
            throw new ArgumentException($"a CURVE public key is {CurveKeyPair.KeyLength} bytes, not {serverPublicKey.Length}", nameof(serverPublicKey));
        }
        _clientKeys = clientKeys;
        _serverPublicKey = serverPublicKey;
        if (transientKeys is null)
        {
            LibSodium.KeyPair(_transientPublic, _transientSecret);
        }
        else
        {
            transientKeys.PublicKey.CopyTo(_transientPublic, 0);
            transientKeys.SecretKey.CopyTo(_transientSecret, 0);
        }
    }

    private enum State
    {
        Start,
        ExpectWelcome,
        ExpectReady,
        Ready,
        Failed,
    }

    /// <inheritdoc />
    public override void Start(List<byte[]> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_state != State.Start)
        {
            throw new InvalidOperationException("the CURVE client has already started");
        }
        // HELLO: name, version 1.0, 72 zero bytes (room for the larger WELCOME, against amplification), C', nonce, box.
        var hello = new byte[HelloLength];
        "\u0005HELLO"u8.CopyTo(hello);
        hello[6] = 1;
        hello[7] = 0;
        _transientPublic.CopyTo(hello, 80);
        ulong nonce = TakeNonce();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(hello.AsSpan(112), nonce);
        Span<byte> fullNonce = stackalloc byte[LibSodium.NonceBytes];
        MakeNonce(fullNonce, "CurveZMQHELLO---"u8, nonce);
        Span<byte> signature = stackalloc byte[64];
        signature.Clear();
        LibSodium.Box(hello.AsSpan(120, 80), signature, fullNonce, _serverPublicKey, _transientSecret);
        output.Add(hello);
        _state = State.ExpectWelcome;
    }

    /// <inheritdoc />
    public override void OnCommand(ReadOnlySpan<byte> command, List<byte[]> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            switch (_state)
            {
                case State.ExpectWelcome:
                    ThrowIfError(command, "WELCOME");
                    OnWelcome(command, output);
                    _state = State.ExpectReady;
                    break;
                case State.ExpectReady:
                    ThrowIfError(command, "READY");
                    OnReady(command);
                    _state = State.Ready;
                    Ready = true;
                    break;
                default:
                    throw new MechanismException($"unexpected {DescribeCommand(command)} in the CURVE client's state {_state}");
            }
        }
        catch (MechanismException)
        {
            _state = State.Failed;
            throw;
        }
    }

    private void OnWelcome(ReadOnlySpan<byte> welcome, List<byte[]> output)
    {
        if (welcome.Length != WelcomeLength || !welcome.StartsWith("\u0007WELCOME"u8))
        {
            throw new MechanismException($"expected a {WelcomeLength}-byte WELCOME, got {DescribeCommand(welcome)}");
        }
        Span<byte> fullNonce = stackalloc byte[LibSodium.NonceBytes];
        MakeNonce(fullNonce, "WELCOME-"u8, welcome.Slice(8, 16));
        // Box [S' + cookie](S → C'): 32 + 96 bytes.
        Span<byte> plaintext = stackalloc byte[128];
        if (!LibSodium.BoxOpen(plaintext, welcome.Slice(24, 144), fullNonce, _serverPublicKey, _transientSecret))
        {
            throw new MechanismException("cannot open the server's WELCOME: the server does not hold the secret key of the CURVE server key this client was given (wrong server key?)");
        }
        ReadOnlySpan<byte> serverTransient = plaintext[..32];
        ReadOnlySpan<byte> cookie = plaintext.Slice(32, 96);
        try
        {
            LibSodium.BeforeNm(SharedKey, serverTransient, _transientSecret);
        }
        catch (CryptographicException e)
        {
            throw new MechanismException("the server's transient key in WELCOME is unusable", e);
        }

        // Vouch: Box [C' + S](C → S'), proving this client holds its permanent secret key.
        Span<byte> vouchPlain = stackalloc byte[64];
        _transientPublic.CopyTo(vouchPlain);
        _serverPublicKey.CopyTo(vouchPlain[32..]);
        Span<byte> vouch = stackalloc byte[96];
        LibSodium.RandomBytes(vouch[..16]);
        MakeNonce(fullNonce, "VOUCH---"u8, vouch[..16]);
        LibSodium.Box(vouch[16..], vouchPlain, fullNonce, serverTransient, _clientKeys.SecretKey);

        // INITIATE: name, cookie, short nonce, Box [C + vouch + metadata](C' → S').
        int metadataLength = CurveMetadata.Length(LocalProperties);
        int plainLength = 32 + 96 + metadataLength;
        var initiate = new byte[113 + LibSodium.MacBytes + plainLength];
        "\u0008INITIATE"u8.CopyTo(initiate);
        cookie.CopyTo(initiate.AsSpan(9));
        ulong nonce = TakeNonce();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(initiate.AsSpan(105), nonce);
        var initiatePlain = new byte[plainLength];
        _clientKeys.PublicKey.CopyTo(initiatePlain, 0);
        vouch.CopyTo(initiatePlain.AsSpan(32));
        CurveMetadata.Write(LocalProperties, initiatePlain.AsSpan(128));
        MakeNonce(fullNonce, "CurveZMQINITIATE"u8, nonce);
        LibSodium.BoxAfterNm(initiate.AsSpan(113), initiatePlain, fullNonce, SharedKey);
        output.Add(initiate);
    }

    private void OnReady(ReadOnlySpan<byte> ready)
    {
        if (ready.Length < ReadyMinimum || !ready.StartsWith("\u0005READY"u8))
        {
            throw new MechanismException($"expected READY (at least {ReadyMinimum} bytes), got {DescribeCommand(ready)}");
        }
        ulong nonce = CheckPeerNonce(ready.Slice(6, 8), "READY");
        Span<byte> fullNonce = stackalloc byte[LibSodium.NonceBytes];
        MakeNonce(fullNonce, "CurveZMQREADY---"u8, nonce);
        var metadata = new byte[ready.Length - 14 - LibSodium.MacBytes];
        if (!LibSodium.BoxOpenAfterNm(metadata, ready[14..], fullNonce, SharedKey))
        {
            throw new MechanismException("cannot open the server's READY (tampered, or boxed under another key)");
        }
        AcceptPeerNonce(nonce);
        PeerMetadata = CurveMetadata.Read(metadata, "READY");
        // The transient secret's work is done; the precomputed key carries the connection from here.
        CryptographicOperations.ZeroMemory(_transientSecret);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        // A handshake that failed half-way leaves its transient secrets behind: wipe them with the rest.
        CryptographicOperations.ZeroMemory(_transientSecret);
        base.Dispose();
    }
}
