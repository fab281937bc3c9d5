namespace Zask.Zmtp.Tests.Support;

/// <summary>
/// A fact that needs the pyzmq peer. Without it the test is reported as skipped, never as passed; when CI sets
/// <c>ZASK_REQUIRE_INTEROP=1</c> it runs anyway and fails with the reason the peer is unusable.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PyZmqFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> at discovery time when the peer is missing and optional.</summary>
    public PyZmqFactAttribute()
    {
        if (PyZmqPeer.Problem is { } problem && !PyZmqPeer.IsRequired)
        {
            Skip = $"pyzmq peer unavailable ({problem}); `apt-get install python3-zmq` enables it, and {PyZmqPeer.RequireVariable}=1 makes this a failure";
        }
    }
}
