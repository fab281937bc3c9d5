namespace Zask.ZeroRpc.Channels;

/// <summary>
/// The peer of a call stopped answering heartbeats (it died, hung, or the network is cut). Named after
/// zerorpc-python's <c>LostRemote</c>.
/// </summary>
public sealed class LostRemoteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LostRemoteException(string message) : base(message) { }
}
