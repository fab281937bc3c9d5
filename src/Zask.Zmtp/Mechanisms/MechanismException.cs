namespace Zask.Zmtp.Mechanisms;

/// <summary>A security handshake or an encrypted frame failed; the connection it belongs to must close.</summary>
public sealed class MechanismException : Exception
{
    /// <summary>Creates the exception with the reason, in words fit for one log line.</summary>
    public MechanismException(string message) : base(message) { }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public MechanismException(string message, Exception inner) : base(message, inner) { }
}
