namespace Zask.ZeroRpc.Client;

/// <summary>
/// No first reply arrived within the call's timeout (zerorpc's <c>TimeoutExpired</c>). The server may still be
/// running the method; its late reply is dropped.
/// </summary>
public sealed class TimeoutExpiredException : TimeoutException
{
    /// <summary>Creates the exception for a call that timed out.</summary>
    public TimeoutExpiredException(string method, TimeSpan timeout, string? endpoint)
        : this(method, timeout, endpoint, serverHeard: false)
    {
    }

    /// <summary>Creates the exception, saying whether the server was heard from during the call.</summary>
    /// <param name="method">The method called.</param>
    /// <param name="timeout">The timeout that expired.</param>
    /// <param name="endpoint">The endpoint the call went to.</param>
    /// <param name="serverHeard"><c>true</c> when the server's heartbeats (or any event) arrived for the call.</param>
    public TimeoutExpiredException(string method, TimeSpan timeout, string? endpoint, bool serverHeard)
        : base($"timeout after {timeout.TotalSeconds:0.###}s, when calling remote method {method}" + (endpoint is null ? "" : $" on {endpoint}"))
    {
        Method = method;
        Timeout = timeout;
        Endpoint = endpoint;
        ServerHeard = serverHeard;
    }

    /// <summary>The method called.</summary>
    public string Method { get; }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The endpoint the call went to.</summary>
    public string? Endpoint { get; }

    /// <summary>
    /// <c>true</c> when the server was heard from during the call (its heartbeats arrived): it is up and has the
    /// call, whose method is still running or was too slow. <c>false</c> says nothing came back at all.
    /// </summary>
    public bool ServerHeard { get; }
}
