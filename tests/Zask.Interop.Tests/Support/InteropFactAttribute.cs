namespace Zask.Interop.Tests.Support;

/// <summary>
/// A fact that needs the zerorpc-node peer. Without the peer it is reported as skipped, never as passed;
/// when CI sets <c>ZASK_REQUIRE_INTEROP=1</c> it runs anyway and fails with the reason the peer is unusable.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class InteropFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> at discovery time when the peer is missing and optional.</summary>
    public InteropFactAttribute()
    {
        if (!NodePeer.IsAvailable && !NodePeer.IsRequired)
        {
            Skip = $"zerorpc-node peer unavailable ({NodePeer.Problem}); set {NodePeer.RequireVariable}=1 to make this a failure";
        }
    }
}
