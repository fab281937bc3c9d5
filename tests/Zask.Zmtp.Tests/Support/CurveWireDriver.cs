using System.Buffers.Binary;
using System.Net;

namespace Zask.Zmtp.Tests.Support;

/// <summary>
/// A test-only, blocking ZMTP 3 connection just big enough to drive a CURVE mechanism over a real TCP socket: the
/// 64-byte greeting, frames of <c>flags size body</c>, handshake commands, then MESSAGE commands as data frames
/// (libzmq sends them with no frame flags: MORE and COMMAND travel inside the box).
/// </summary>
internal sealed class CurveWireDriver : IDisposable
{
    private readonly Socket _socket;
    private readonly Mechanism _mechanism;

    private CurveWireDriver(Socket socket, Mechanism mechanism)
    {
        _socket = socket;
        _socket.NoDelay = true;
        // A deadline for every read: a peer that goes silent fails the test instead of hanging it.
        _socket.ReceiveTimeout = 15_000;
        _mechanism = mechanism;
    }

    /// <summary>The peer's greeting: major, minor and mechanism name.</summary>
    public (int Major, int Minor, string Mechanism) PeerGreeting { get; private set; }

    /// <summary>Connects to a peer on loopback and drives <paramref name="mechanism"/> (a Zask.Zmtp mechanism).</summary>
    internal static CurveWireDriver Connect(int port, Mechanism mechanism)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return new CurveWireDriver(socket, mechanism);
    }

    /// <summary>The properties a DEALER announces in its handshake (an empty identity).</summary>
    internal static readonly IReadOnlyDictionary<string, byte[]> DealerProperties = new Dictionary<string, byte[]>
    {
        ["Socket-Type"] = "DEALER"u8.ToArray(),
        ["Identity"] = [],
    };

    /// <summary>The properties a ROUTER announces in its handshake.</summary>
    internal static readonly IReadOnlyDictionary<string, byte[]> RouterProperties = new Dictionary<string, byte[]>
    {
        ["Socket-Type"] = "ROUTER"u8.ToArray(),
    };

    /// <summary>A listener on a free loopback port, for a peer that connects to the mechanism under test.</summary>
    internal static Socket Listen(out int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return listener;
    }

    /// <summary>Accepts the peer's connection on <paramref name="listener"/> and drives <paramref name="mechanism"/> on it.</summary>
    internal static CurveWireDriver Accept(Socket listener, Mechanism mechanism)
    {
        // A deadline instead of a blocking Accept: a peer that never connects fails the test.
        if (!listener.Poll(TimeSpan.FromSeconds(15), SelectMode.SelectRead))
        {
            throw new TimeoutException("the peer did not connect within 15 s");
        }
        return new(listener.Accept(), mechanism);
    }

    /// <summary>Exchanges greetings, then handshake commands until the mechanism is ready; a mechanism failure is thrown after its ERROR went out.</summary>
    public void Handshake()
    {
        var greeting = new byte[64];
        greeting[0] = 0xFF;
        greeting[9] = 0x7F;
        greeting[10] = 3;
        greeting[11] = 1;
        Encoding.ASCII.GetBytes(_mechanism.Name).CopyTo(greeting, 12);
        greeting[32] = _mechanism.AsServer ? (byte)1 : (byte)0;
        _socket.Send(greeting);
        byte[] peer = ReadExactly(64);
        if (peer[0] != 0xFF || (peer[9] & 1) != 1)
        {
            throw new InvalidDataException("the peer did not send a ZMTP 3 greeting");
        }
        PeerGreeting = (peer[10], peer[11], Encoding.ASCII.GetString(peer, 12, 20).TrimEnd('\0'));

        var output = new List<byte[]>();
        _mechanism.Start(output);
        SendCommands(output);
        while (!_mechanism.IsReady)
        {
            (byte flags, byte[] body) = ReadFrame();
            if ((flags & 0x04) == 0)
            {
                throw new InvalidDataException($"a data frame (flags {flags:X2}) arrived during the handshake");
            }
            output.Clear();
            try
            {
                _mechanism.OnCommand(body, output);
            }
            finally
            {
                SendCommands(output);
            }
        }
    }

    /// <summary>Sends one message, each part wrapped in a MESSAGE command.</summary>
    public void Send(params byte[][] parts)
    {
        for (int i = 0; i < parts.Length; i++)
        {
            var message = new byte[_mechanism.EncryptedLength(parts[i].Length)];
            int length = _mechanism.EncryptFrame(i < parts.Length - 1 ? (byte)0x01 : (byte)0x00, parts[i], message);
            WriteFrame(0x00, message.AsSpan(0, length));
        }
    }

    /// <summary>Receives one whole message (its parts), skipping commands carried inside MESSAGE (PING...).</summary>
    public List<byte[]> Receive()
    {
        var parts = new List<byte[]>();
        while (true)
        {
            (_, byte[] body) = ReadFrame();
            var plaintext = new byte[body.Length];
            int length = _mechanism.DecryptFrame(body, plaintext, out byte innerFlags);
            if ((innerFlags & 0x02) != 0)
            {
                continue;
            }
            parts.Add(plaintext.AsSpan(0, length).ToArray());
            if ((innerFlags & 0x01) == 0)
            {
                return parts;
            }
        }
    }

    /// <summary>
    /// Sends one coalesced box (the mechanism must batch) holding <paramref name="frames"/>, a stretch of ZMTP frame
    /// bytes; <paramref name="tamper"/> flips a bit of the ciphertext after sealing. Returns the MESSAGE as sent.
    /// </summary>
    public byte[] SendBox(ReadOnlySpan<byte> frames, bool tamper = false)
    {
        var box = new byte[Mechanism.BatchPrefixLength + frames.Length];
        frames.CopyTo(box.AsSpan(Mechanism.BatchPrefixLength));
        _mechanism.SealBatch(box);
        if (tamper)
        {
            box[^1] ^= 0x01;
        }
        WriteFrame(0x00, box);
        return box;
    }

    /// <summary>Sends a MESSAGE exactly as given, as a data frame (a replay).</summary>
    public void SendRaw(byte[] message) => WriteFrame(0x00, message);

    /// <summary>Reads one frame as it is on the wire: its flags and body (a MESSAGE command once ready).</summary>
    public (byte Flags, byte[] Body) ReceiveWireFrame() => ReadFrame();

    /// <summary>Reads one coalesced box and returns its plaintext: a stretch of the peer's ZMTP frame bytes.</summary>
    public byte[] ReceiveBox()
    {
        (_, byte[] body) = ReadFrame();
        int length = _mechanism.OpenBatch(body);
        return body.AsSpan(Mechanism.BatchPrefixLength, length).ToArray();
    }

    /// <summary>True when the peer closes the connection before sending anything more (within the read deadline).</summary>
    public bool PeerClosed()
    {
        try
        {
            var one = new byte[1];
            return _socket.Receive(one) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private void SendCommands(List<byte[]> commands)
    {
        foreach (byte[] command in commands)
        {
            WriteFrame(0x04, command);
        }
    }

    private void WriteFrame(byte flags, ReadOnlySpan<byte> body)
    {
        byte[] header;
        if (body.Length > 255)
        {
            header = new byte[9];
            header[0] = (byte)(flags | 0x02);
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(1), (ulong)body.Length);
        }
        else
        {
            header = [flags, (byte)body.Length];
        }
        _socket.Send(header);
        _socket.Send(body);
    }

    private (byte Flags, byte[] Body) ReadFrame()
    {
        byte flags = ReadExactly(1)[0];
        long size = (flags & 0x02) != 0 ? (long)BinaryPrimitives.ReadUInt64BigEndian(ReadExactly(8)) : ReadExactly(1)[0];
        return (flags, ReadExactly(checked((int)size)));
    }

    private byte[] ReadExactly(int count)
    {
        var buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n = _socket.Receive(buffer, read, count - read, SocketFlags.None);
            if (n == 0)
            {
                throw new EndOfStreamException($"the peer closed the connection after {read} of {count} bytes");
            }
            read += n;
        }
        return buffer;
    }
}
