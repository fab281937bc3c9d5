namespace Zask.ZeroRpc.Wire;

/// <summary>Told by the I/O thread when a message it was given could not be handed to any peer.</summary>
internal interface ISendFailureObserver
{
    /// <summary>The message was dropped (no connected peer, or the send queue is full).</summary>
    void OnSendFailed();
}
