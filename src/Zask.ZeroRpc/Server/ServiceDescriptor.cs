using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// What a service class exposes: its public instance methods under the naming policy, minus those marked
/// <see cref="ZeroRpcIgnoreAttribute"/> and those inherited from <see cref="object"/> or disposal. Built once per
/// class and policy.
/// </summary>
public sealed class ServiceDescriptor
{
    private static readonly ConcurrentDictionary<(Type, NamingPolicy), ServiceDescriptor> Cache = new();

    private ServiceDescriptor(Type type, NamingPolicy naming)
    {
        ServiceType = type;
        var methods = new Dictionary<string, MethodDescriptor>(StringComparer.Ordinal);
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!IsExposed(method))
            {
                continue;
            }
            var name = method.GetCustomAttribute<ZeroRpcMethodAttribute>()?.Name ?? naming.Apply(method.Name);
            if (methods.TryGetValue(name, out var existing))
            {
                throw new InvalidOperationException(
                    $"{type.Name} exposes two methods as '{name}' ({existing.Method.Name} and {method.Name}); rename one with [ZeroRpcMethod(\"...\")] or hide it with [ZeroRpcIgnore]");
            }
            methods[name] = new MethodDescriptor(name, method, type, naming);
        }
        Methods = methods;
        var attribute = type.GetCustomAttribute<ZeroRpcServiceAttribute>();
        DeclaredName = attribute?.Name;
        DeclaredVersion = attribute?.Version;
    }

    /// <summary>The service class.</summary>
    public Type ServiceType { get; }

    /// <summary>The exposed methods by wire name.</summary>
    public IReadOnlyDictionary<string, MethodDescriptor> Methods { get; }

    /// <summary>The name from <see cref="ZeroRpcServiceAttribute"/>, if any.</summary>
    public string? DeclaredName { get; }

    /// <summary>The version from <see cref="ZeroRpcServiceAttribute"/>, if any.</summary>
    public string? DeclaredVersion { get; }

    /// <summary>
    /// The service name: the explicit one, else <see cref="ZeroRpcServiceAttribute"/>'s, else a public
    /// <c>ServiceName</c> property (the original's <c>__service_name__</c>), else the class name.
    /// </summary>
    public string ResolveName(object instance, string? explicitName = null) =>
        explicitName ?? DeclaredName ?? ReadStringProperty(instance, "ServiceName") ?? ServiceType.Name;

    /// <summary>
    /// The service version: the explicit one, else <see cref="ZeroRpcServiceAttribute"/>'s, else a public
    /// <c>ServiceVersion</c> property (the original's <c>__version__</c>), else <c>null</c>.
    /// </summary>
    public string? ResolveVersion(object instance, string? explicitVersion = null) =>
        explicitVersion ?? DeclaredVersion ?? ReadStringProperty(instance, "ServiceVersion");

    private static string? ReadStringProperty(object instance, string name) =>
        instance.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(instance) as string;

    /// <summary>Returns the (cached) description of a service class.</summary>
    public static ServiceDescriptor For(Type type, NamingPolicy naming = NamingPolicy.SnakeCase) =>
        Cache.GetOrAdd((type, naming), key => new ServiceDescriptor(key.Item1, key.Item2));

    private static bool IsExposed(MethodInfo method)
    {
        if (method.IsSpecialName || method.ContainsGenericParameters || method.IsStatic
            || method.GetBaseDefinition().DeclaringType == typeof(object)
            || method.GetCustomAttribute<ZeroRpcIgnoreAttribute>() is not null
            || method.GetCustomAttribute<CompilerGeneratedAttribute>() is not null
            || method.GetParameters().Any(p => p.ParameterType.IsByRef || p.ParameterType.IsPointer))
        {
            return false;
        }
        // Disposal is the host's business, never a caller's.
        return method.Name is not ("Dispose" or "DisposeAsync" or "Deconstruct");
    }
}
