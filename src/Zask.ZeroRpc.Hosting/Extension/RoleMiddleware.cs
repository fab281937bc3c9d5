using System.Collections.Concurrent;
using System.Reflection;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Enforces <see cref="RequireRoleAttribute"/>: the access key of the request header must belong to a required role
/// of the service entry's <c>roles</c>, or the call is refused with <c>Forbidden</c> before it runs (a warning line).
/// </summary>
internal sealed class RoleMiddleware(Config config, string serviceName) : IZeroRpcMiddleware
{
    private static readonly ConcurrentDictionary<MethodInfo, IReadOnlyList<string>[]> Required = new();

    public ValueTask ServerBeforeExecAsync(ServerCallContext call)
    {
        if (call.Method is not { } method)
        {
            return default;
        }
        var required = Required.GetOrAdd(method.Method, RequiredRoles);
        if (required.Length == 0 || !config.ContainsKey(ServiceConfig.KeyFor(serviceName)))
        {
            return default;
        }
        var roles = ServiceConfig.Read(config, serviceName).Roles;
        if (roles is null)
        {
            return default;
        }
        var key = call.Header.GetContextString(CustomHeaderMiddleware.AccessKeyKey);
        foreach (var anyOf in required)
        {
            if (key is null || !anyOf.Any(role => roles.TryGetValue(role, out var keys) && keys.Contains(key)))
            {
                var needed = anyOf.Count == 1 ? $"the role '{anyOf[0]}'" : $"one of the roles {string.Join(", ", anyOf.Select(r => $"'{r}'"))}";
                throw new ZeroRpcException("Forbidden", key is null
                    ? $"{method.Name} requires {needed}, and the call sent no access key"
                    : $"{method.Name} requires {needed}, which the access key {SafeText.Secret(key)} does not have");
            }
        }
        return default;
    }

    // The class's requirements, then the method's: each must be met.
    private static IReadOnlyList<string>[] RequiredRoles(MethodInfo method) =>
        (method.ReflectedType ?? method.DeclaringType)!.GetCustomAttributes<RequireRoleAttribute>(inherit: true)
            .Concat(method.GetCustomAttributes<RequireRoleAttribute>(inherit: true))
            .Select(a => a.Roles)
            .ToArray();
}
