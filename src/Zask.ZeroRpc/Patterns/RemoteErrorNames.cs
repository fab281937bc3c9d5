namespace Zask.ZeroRpc.Patterns;

/// <summary>
/// Remote error names that both ends of the protocol act on: the server answers with them and the client recognises
/// them, so they live below both.
/// </summary>
internal static class RemoteErrorNames
{
    /// <summary>The error a stopping server answers new calls with (they never ran, so another server may take them).</summary>
    public const string ShuttingDown = "ServiceUnavailable";
}
