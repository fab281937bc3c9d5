using System.Collections.Concurrent;
using System.Reflection;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Enforces <see cref="RequireRoleAttribute"/>: the access key of the request header must belong to a required role
/// of the service entry's <c>roles</c>, or the call is refused with <c>Forbidden</c> before it runs (a warning line).
/// </summary>
internal sealed class RoleMiddleware(Config config, string serviceName) : IZeroRpcMiddleware
{
    private static readonly ConcurrentDictionary<(Type Service, string Method), IReadOnlyList<string>[]> Required = new();

    public ValueTask ServerBeforeExecAsync(ServerCallContext call)
    {
        var required = Required.GetOrAdd((call.ServiceType, call.MethodName), RequiredRoles);
        if (required.Length == 0 || !config.ContainsKey(ServiceConfig.KeyFor(serviceName)))
        {
            return default;
        }
        var roles = ServiceConfig.Read(config, serviceName).Roles;
        if (roles is null)
        {
            return default;
        }
        var key = call.GetRequestHeaderString(CustomHeaderMiddleware.AccessKeyKey);
        foreach (var anyOf in required)
        {
            if (key is null || !anyOf.Any(role => roles.TryGetValue(role, out var keys) && keys.Contains(key)))
            {
                var needed = anyOf.Count == 1 ? $"the role '{anyOf[0]}'" : $"one of the roles {string.Join(", ", anyOf.Select(r => $"'{r}'"))}";
                throw new ZeroRpcException("Forbidden", key is null
                    ? $"{call.MethodName} requires {needed}, and the call sent no access key"
                    : $"{call.MethodName} requires {needed}, which the access key {SafeText.Secret(key)} does not have");
            }
        }
        return default;
    }

    // The class's requirements, then the method's: each must be met. The call names the method as the server exposes
    // it, under the server's naming policy, which the middleware is not told: any policy that exposes the name finds it.
    private static IReadOnlyList<string>[] RequiredRoles((Type Service, string Method) key)
    {
        var method = Enum.GetValues<NamingPolicy>()
            .Select(policy => ServiceDescriptor.For(key.Service, policy).Methods.GetValueOrDefault(key.Method))
            .FirstOrDefault(found => found is not null)?.Method;
        if (method is null)
        {
            // Not the service's own: introspection (_zerorpc_*) stays open, an unknown name gets its NameError.
            return [];
        }
        return key.Service.GetCustomAttributes<RequireRoleAttribute>(inherit: true)
            .Concat(method.GetCustomAttributes<RequireRoleAttribute>(inherit: true))
            .Select(a => a.Roles)
            .ToArray();
    }
}
