namespace Zask.ZeroRpc.Server;

/// <summary>
/// Requires the caller's access key to hold one of the given roles (the <c>roles</c> of the service's config entry):
/// a call without it is refused with the remote error <c>Forbidden</c> before the method runs. On a class it applies
/// to every method; on both the class and a method, both must be satisfied. Without <c>roles</c> in the entry, no
/// role is checked.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequireRoleAttribute : Attribute
{
    /// <summary>Requires one of <paramref name="roles"/> (any of them will do).</summary>
    public RequireRoleAttribute(params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Length == 0 || roles.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("[RequireRole] needs at least one role name, none empty", nameof(roles));
        }
        Roles = roles;
    }

    /// <summary>The roles, any of which lets the call through.</summary>
    public IReadOnlyList<string> Roles { get; }
}
