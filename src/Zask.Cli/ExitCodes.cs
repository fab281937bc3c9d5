namespace Zask.Cli;

/// <summary>The exit codes of the <c>zask</c> command.</summary>
public static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Success = 0;

    /// <summary>
    /// The server answered with an error (printed as <c>NAME: message</c>); also System.CommandLine's code for a
    /// usage error (unknown option, missing argument, invalid JSON argument).
    /// </summary>
    public const int RemoteError = 1;

    /// <summary>The server could not be reached: no reply within the timeout, heartbeats lost, or a bad endpoint.</summary>
    public const int Unreachable = 2;

    /// <summary>A local failure: configuration, a reply that breaks the protocol, or an unexpected error.</summary>
    public const int Failure = 3;

    /// <summary><c>zask health</c>: the server answered that it is unhealthy.</summary>
    public const int Unhealthy = 4;

    /// <summary>The command was interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}
