namespace Zask.Zmtp.Framing;

/// <summary>The peer broke the ZMTP wire rules; its connection closes (and only its connection).</summary>
internal sealed class ZmtpProtocolException : Exception
{
    public ZmtpProtocolException(string message) : base(message) { }
}
