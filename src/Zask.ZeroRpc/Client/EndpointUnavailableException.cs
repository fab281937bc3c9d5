namespace Zask.ZeroRpc.Client;

/// <summary>
/// No endpoint of the client could take the call: none was connected (servers down or not started yet) for the
/// whole timeout. Nothing was sent, so nothing ran.
/// </summary>
public sealed class EndpointUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EndpointUnavailableException(string message) : base(message) { }
}
