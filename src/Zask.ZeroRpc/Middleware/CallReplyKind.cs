namespace Zask.ZeroRpc.Middleware;

/// <summary>What a call's first reply was.</summary>
public enum CallReplyKind
{
    /// <summary>A single result (zerorpc's <c>OK</c>).</summary>
    Result,

    /// <summary>The start of a stream of items (<c>STREAM</c>, or <c>STREAM_DONE</c> for an empty one).</summary>
    Stream,

    /// <summary>A remote error (<c>ERR</c>).</summary>
    Error,
}
