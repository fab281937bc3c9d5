namespace Zask.Testing;

/// <summary>
/// A fact that needs a <see cref="Requirement"/>: skipped with its reason when it is missing (decided at discovery,
/// since xunit 2 has no run-time skip), run when it is met or demanded. The test calls
/// <see cref="Requirement.EnsureMet"/> before using it, so that a demanded but missing requirement fails clearly.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public abstract class RequirementFactAttribute : FactAttribute
{
    protected RequirementFactAttribute(Requirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        if (requirement.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
