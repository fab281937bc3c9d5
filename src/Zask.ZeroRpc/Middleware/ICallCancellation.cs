namespace Zask.ZeroRpc.Middleware;

/// <summary>
/// Where a call's cancellation token comes from when it is made only on first use: a token that fires when the
/// caller is lost costs a linked source and a registration on the server's stop, which most calls never need.
/// </summary>
internal interface ICallCancellation
{
    /// <summary>The call's token, made on first use; fires when the caller is lost or the server stops for good.</summary>
    CancellationToken Token { get; }

    /// <summary>Whether the call was cancelled (or would have been), without making the token.</summary>
    bool IsCancelled { get; }
}
