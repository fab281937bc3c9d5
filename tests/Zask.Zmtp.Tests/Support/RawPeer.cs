using Zask.Zmtp.Framing;

namespace Zask.Zmtp.Tests.Support;

/// <summary>A hand-driven ZMTP peer on a plain TCP socket: writes exactly the bytes a test gives it.</summary>
public sealed class RawPeer : IDisposable
{
    private readonly Socket _socket;

    private RawPeer(Socket socket)
    {
        _socket = socket;
    }

    public static async Task<RawPeer> Connect(string endpoint)
    {
        var port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        return new RawPeer(socket);
    }

    public static RawPeer Accept(Socket accepted) => new(accepted);

    public void Send(byte[] bytes) => _socket.Send(bytes);

    public void SendHex(string hex) => Send(Hex.Bytes(hex));

    /// <summary>Reads exactly <paramref name="count"/> bytes, or fails after the timeout.</summary>
    public async Task<byte[]> Read(int count, int timeoutMs = 10_000)
    {
        var buffer = new byte[count];
        using var cts = new CancellationTokenSource(timeoutMs);
        var at = 0;
        while (at < count)
        {
            var n = await _socket.ReceiveAsync(buffer.AsMemory(at), SocketFlags.None, cts.Token);
            if (n == 0)
            {
                throw new IOException($"closed after {at} of {count} bytes");
            }
            at += n;
        }
        return buffer;
    }

    /// <summary>Reads one short frame: flags, size and body.</summary>
    public async Task<(byte Flags, byte[] Body)> ReadFrame()
    {
        var header = await Read(2);
        return (header[0], header[1] == 0 ? [] : await Read(header[1]));
    }

    /// <summary>True when the other side closed the connection within the timeout (data before the close is skipped).</summary>
    public async Task<bool> IsClosedByPeer(int timeoutMs = 10_000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[256];
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }
            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Greets as a ZMTP 3.<paramref name="minor"/> NULL peer and exchanges READY; returns the other side's READY body.</summary>
    public async Task<byte[]> Handshake(string socketType, byte minor = 1)
    {
        var greeting = new byte[64];
        greeting[0] = 0xFF;
        greeting[8] = 1;
        greeting[9] = 0x7F;
        greeting[10] = 3;
        greeting[11] = minor;
        Encoding.ASCII.GetBytes("NULL").CopyTo(greeting, 12);
        Send(greeting);
        await Read(64);
        var type = Encoding.ASCII.GetBytes(socketType);
        var body = new byte[1 + 5 + 1 + 11 + 4 + type.Length];
        body[0] = 5;
        "READY"u8.CopyTo(body.AsSpan(1));
        body[6] = 11;
        "Socket-Type"u8.CopyTo(body.AsSpan(7));
        body[21] = (byte)type.Length;
        type.CopyTo(body, 22);
        Send(FrameWriter.Frame(FrameFlags.Command, body));
        var (flags, ready) = await ReadFrame();
        flags.Should().Be(0x04);
        return ready;
    }

    public void Dispose() => _socket.Dispose();
}
