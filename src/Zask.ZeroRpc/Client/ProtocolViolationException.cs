namespace Zask.ZeroRpc.Client;

/// <summary>The peer answered with something the protocol does not allow (for example an unknown reply name).</summary>
public sealed class ProtocolViolationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProtocolViolationException(string message) : base(message) { }
}
