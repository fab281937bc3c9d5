using System.Collections.Concurrent;
using System.Reflection;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// Implements a service interface at run time (no code generation step): each method call becomes a call through
/// the client, with the name, argument list and result handling worked out once per interface method.
/// </summary>
public class TypedClientProxy : DispatchProxy
{
    private static readonly ConcurrentDictionary<(MethodInfo, NamingPolicy), Func<ZeroRpcClient, object?[], object?>> Plans = new();
    private ZeroRpcClient? _client;
    private NamingPolicy _naming;

    internal static T Create<T>(ZeroRpcClient client, NamingPolicy naming) where T : class
    {
        if (!typeof(T).IsInterface)
        {
            throw new ArgumentException($"{typeof(T).Name} is not an interface; As<T>() implements interfaces only");
        }
        var proxy = Create<T, TypedClientProxy>();
        var typed = (TypedClientProxy)(object)proxy;
        typed._client = client;
        typed._naming = naming;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var plan = Plans.GetOrAdd((targetMethod, _naming), key => Plan(key.Item1, key.Item2));
        return plan(_client!, args ?? []);
    }

    private static Func<ZeroRpcClient, object?[], object?> Plan(MethodInfo method, NamingPolicy naming)
    {
        var name = method.GetCustomAttribute<ZeroRpcMethodAttribute>()?.Name ?? naming.Apply(StripAsync(method.Name));
        var parameters = method.GetParameters();
        var tokenIndex = Array.FindIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
        var type = method.ReturnType;
        var (helper, resultType) = type switch
        {
            _ when type == typeof(Task) => (nameof(CallTask), typeof(object)),
            _ when type == typeof(ValueTask) => (nameof(CallValueTask), typeof(object)),
            { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(Task<>) => (nameof(CallTaskOf), type.GetGenericArguments()[0]),
            { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(ValueTask<>) => (nameof(CallValueTaskOf), type.GetGenericArguments()[0]),
            { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>) => (nameof(Stream), type.GetGenericArguments()[0]),
            _ => throw new NotSupportedException(
                $"{method.DeclaringType?.Name}.{method.Name} returns {type.Name}; typed clients need Task, Task<T>, ValueTask, ValueTask<T> or IAsyncEnumerable<T> so that calls never block a thread"),
        };
        var call = typeof(TypedClientProxy).GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(resultType)
            .CreateDelegate<Func<ZeroRpcClient, string, object?[], CallOptions, object?>>();
        return (client, args) =>
        {
            var options = default(CallOptions);
            object?[] wireArgs = args;
            if (tokenIndex >= 0)
            {
                options = new CallOptions(CancellationToken: (CancellationToken)args[tokenIndex]!);
                wireArgs = args.Where((_, i) => i != tokenIndex).ToArray();
            }
            return call(client, name, wireArgs, options);
        };
    }

    private static string StripAsync(string name) =>
        name.EndsWith("Async", StringComparison.Ordinal) && name.Length > 5 ? name[..^5] : name;

    private static object CallTask<T>(ZeroRpcClient client, string name, object?[] args, CallOptions options) =>
        client.CallWithOptionsAsync<object?>(name, options, args);

    private static object CallValueTask<T>(ZeroRpcClient client, string name, object?[] args, CallOptions options) =>
        new ValueTask(client.CallWithOptionsAsync<object?>(name, options, args));

    private static object CallTaskOf<T>(ZeroRpcClient client, string name, object?[] args, CallOptions options) =>
        client.CallWithOptionsAsync<T>(name, options, args);

    private static object CallValueTaskOf<T>(ZeroRpcClient client, string name, object?[] args, CallOptions options) =>
        new ValueTask<T>(client.CallWithOptionsAsync<T>(name, options, args));

    private static object Stream<T>(ZeroRpcClient client, string name, object?[] args, CallOptions options) =>
        client.StreamWithOptionsAsync<T>(name, options, args);
}
