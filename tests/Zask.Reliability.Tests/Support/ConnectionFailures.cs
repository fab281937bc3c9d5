namespace Zask.Reliability.Tests.Support;

/// <summary>The clean ways a call may fail while its server is gone: anything else (or a hang) is a defect.</summary>
public static class ConnectionFailures
{
    /// <summary>Lost by heartbeat, timed out, or refused at once because no connection exists.</summary>
    public static bool IsExpected(Exception e) =>
        e is LostRemoteException or TimeoutExpiredException or EndpointUnavailableException;
}
