namespace Zask.ZeroRpc.Hosting.Tests.Support;

/// <summary>
/// A client middleware that replaces request header values after the built-in ones set theirs, the way a
/// misconfigured or hostile caller would send them.
/// </summary>
public sealed class HeaderOverride : IZeroRpcMiddleware
{
    /// <summary>The values to send, by header key; cleared or changed between calls.</summary>
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
    {
        if (call is null)
        {
            return;
        }
        foreach (var (key, value) in Values)
        {
            header[key] = value;
        }
    }
}
