namespace Zask.ZeroRpc.Wire;

/// <summary>
/// Told, by whichever thread sent it (the sender itself, or the I/O thread for a queued message), that a message could
/// not be handed to any peer.
/// </summary>
internal interface ISendFailureObserver
{
    /// <summary>The message was dropped (no connected peer, or the send queue is full).</summary>
    void OnSendFailed();
}
