namespace Zask.ZeroRpc.Server;

/// <summary>
/// An error with a name of your choosing, sent to the caller as <c>ERR [name, message, traceback]</c>. Throw it to
/// give a Python or Node caller the error name it expects (for example <c>"ValueError"</c>).
/// </summary>
public class ZeroRpcException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="name">The error name the caller sees.</param>
    /// <param name="message">The human-readable message.</param>
    public ZeroRpcException(string name, string message) : base(message) => Name = name;

    /// <summary>Creates the error with an inner exception.</summary>
    public ZeroRpcException(string name, string message, Exception inner) : base(message, inner) => Name = name;

    /// <summary>The error name the caller sees.</summary>
    public string Name { get; }
}
