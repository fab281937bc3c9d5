namespace Zask.ZeroRpc.Client;

/// <summary>
/// No first reply arrived within the call's timeout (zerorpc's <c>TimeoutExpired</c>). The server may still be
/// running the method; its late reply is dropped.
/// </summary>
public sealed class TimeoutExpiredException : TimeoutException
{
    /// <summary>Creates the exception for a call that timed out.</summary>
    public TimeoutExpiredException(string method, TimeSpan timeout, string? endpoint)
        : base($"timeout after {timeout.TotalSeconds:0.###}s, when calling remote method {method}" + (endpoint is null ? "" : $" on {endpoint}"))
    {
        Method = method;
        Timeout = timeout;
        Endpoint = endpoint;
    }

    /// <summary>The method called.</summary>
    public string Method { get; }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The endpoint the call went to.</summary>
    public string? Endpoint { get; }
}
