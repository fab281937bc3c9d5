namespace Zask.ZeroRpc.Wire;

/// <summary>A blob that is not a well-formed ZeroRPC event. The message says what is wrong with it.</summary>
internal sealed class EventDecodeException : Exception
{
    /// <summary>Creates the exception with the reason the blob was rejected.</summary>
    public EventDecodeException(string message) : base(message) { }

    /// <summary>Creates the exception with the reason and the underlying MessagePack error.</summary>
    public EventDecodeException(string message, Exception inner) : base(message, inner) { }
}
