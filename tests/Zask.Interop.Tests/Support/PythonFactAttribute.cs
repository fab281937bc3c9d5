namespace Zask.Interop.Tests.Support;

/// <summary>
/// A fact that needs the Python caller (<see cref="PythonPeer"/>). Without it the test is reported as skipped, never
/// as passed; when CI sets <c>ZASK_REQUIRE_INTEROP=1</c> it runs anyway and fails with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PythonFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> at discovery time when the peer is missing and optional.</summary>
    public PythonFactAttribute()
    {
        if (!PythonPeer.IsAvailable && !Requirement.IsDemanded)
        {
            Skip = $"Python peer unavailable ({PythonPeer.Problem}); enable it with `{PythonPeer.InstallCommand}`, "
                + $"or set {Requirement.RequireVariable}=1 to make this a failure";
        }
    }
}
