using BenchmarkDotNet.Attributes;
using Zask.Zmtp.Crypto;
using Zask.Zmtp.Mechanisms;
using Zask.Zmtp.Security;

namespace Zask.Bench.Micro;

/// <summary>
/// The CurveZMQ MESSAGE cost, encrypt then decrypt with the precomputed transient key: libsodium's two calls alone
/// and the whole MESSAGE path of Zask.Zmtp's mechanisms. <c>--filter '*CurveMessage*'</c>. (NaCl.Net was compared
/// here too when the crypto library was chosen; docs/transport-security.md has that run.)
/// </summary>
[MemoryDiagnoser]
public class CurveMessageBenchmarks
{
    private readonly byte[] _nonce = new byte[24];
    private readonly byte[] _sharedKey = new byte[32];
    private byte[] _plain = [];
    private byte[] _box = [];
    private byte[] _opened = [];
    private byte[] _message = [];
    private Mechanism _client = null!;
    private Mechanism _server = null!;

    /// <summary>The frame size (the MESSAGE plaintext is this plus the flags byte).</summary>
    [Params(64, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var a = CurveKeyPair.Generate();
        var b = CurveKeyPair.Generate();
        LibSodium.BeforeNm(_sharedKey, b.PublicKey, a.SecretKey);
        "CurveZMQMESSAGEC"u8.CopyTo(_nonce);
        _plain = new byte[Size + 1];
        Random.Shared.NextBytes(_plain);
        _box = new byte[_plain.Length + 16];
        _opened = new byte[_plain.Length];

        (_client, _server) = HandshakenPair();
        _message = new byte[_client.EncryptedLength(Size)];
    }

    [Benchmark(Baseline = true)]
    public bool LibSodium_precomputed()
    {
        LibSodium.BoxAfterNm(_box, _plain, _nonce, _sharedKey);
        return LibSodium.BoxOpenAfterNm(_opened, _box, _nonce, _sharedKey);
    }

    [Benchmark]
    public int ZmtpMechanism_MESSAGE()
    {
        _client.EncryptFrame(0x00, _plain.AsSpan(1), _message);
        return _server.DecryptFrame(_message, _opened, out _);
    }

    private static (Mechanism Client, Mechanism Server) HandshakenPair()
    {
        var serverKeys = CurveKeyPair.Generate();
        var properties = new Dictionary<string, byte[]> { ["Socket-Type"] = "DEALER"u8.ToArray() };
        Mechanism client = CurveSecurity.Client(serverKeys.PublicKey).CreateMechanism(properties);
        Mechanism server = CurveSecurity.Server(serverKeys).CreateMechanism(properties);
        var toServer = new List<byte[]>();
        var toClient = new List<byte[]>();
        client.Start(toServer);
        while (!client.IsReady || !server.IsReady)
        {
            foreach (byte[] command in toServer)
            {
                server.OnCommand(command, toClient);
            }
            toServer.Clear();
            foreach (byte[] command in toClient.ToArray())
            {
                client.OnCommand(command, toServer);
            }
            toClient.Clear();
        }
        return (client, server);
    }
}
