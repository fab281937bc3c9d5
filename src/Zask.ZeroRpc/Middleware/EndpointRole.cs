namespace Zask.ZeroRpc.Middleware;

/// <summary>Who is resolving an endpoint, and for what.</summary>
public enum EndpointRole
{
    /// <summary>A server about to bind.</summary>
    ServerBind,

    /// <summary>A client about to connect.</summary>
    ClientConnect,
}
