using System.Text;

namespace Zask.Zmtp.Framing;

/// <summary>ZMTP command bodies: <c>name-length(1) name data</c>, and the few post-handshake commands ZMTP 3.1 defines.</summary>
internal static class Command
{
    public static ReadOnlySpan<byte> Ready => "READY"u8;
    public static ReadOnlySpan<byte> Error => "ERROR"u8;
    public static ReadOnlySpan<byte> Ping => "PING"u8;
    public static ReadOnlySpan<byte> Pong => "PONG"u8;
    public static ReadOnlySpan<byte> Subscribe => "SUBSCRIBE"u8;
    public static ReadOnlySpan<byte> Cancel => "CANCEL"u8;

    /// <summary>The command's name, or empty when the body is too short to hold the name it declares.</summary>
    public static ReadOnlySpan<byte> Name(ReadOnlySpan<byte> body) =>
        body.Length >= 1 && body.Length >= 1 + body[0] ? body.Slice(1, body[0]) : default;

    /// <summary>The data after the name.</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> body) => body[(1 + body[0])..];

    /// <summary>A command body: the name with its length, then the data.</summary>
    public static byte[] Build(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        var body = new byte[1 + name.Length + data.Length];
        body[0] = (byte)name.Length;
        name.CopyTo(body.AsSpan(1));
        data.CopyTo(body.AsSpan(1 + name.Length));
        return body;
    }

    /// <summary>An ERROR command body with a reason (at most 255 bytes).</summary>
    public static byte[] BuildError(string reason)
    {
        var bytes = Encoding.ASCII.GetBytes(reason.Length > 255 ? reason[..255] : reason);
        var data = new byte[1 + bytes.Length];
        data[0] = (byte)bytes.Length;
        bytes.CopyTo(data, 1);
        return Build(Error, data);
    }

    /// <summary>For logs: a command name in printable form.</summary>
    public static string Printable(ReadOnlySpan<byte> name) =>
        name.IsEmpty ? "(malformed)" : Encoding.ASCII.GetString(name).Replace('\0', '?');
}
