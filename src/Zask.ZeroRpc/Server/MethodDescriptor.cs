using System.ComponentModel;
using System.Linq.Expressions;
using System.Reflection;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// An exposed method: its wire name, parameters, documentation and how its result is answered, with an invoker
/// compiled once so that a call costs no reflection.
/// </summary>
public sealed class MethodDescriptor
{
    private readonly Func<object, object?[], object?> _invoke;
    private readonly Func<object, Task<object?>>? _awaitResult;
    private readonly Func<object, CancellationToken, IAsyncEnumerable<object?>>? _openStream;

    internal MethodDescriptor(string name, MethodInfo method, Type? serviceType = null, NamingPolicy naming = NamingPolicy.AsDeclared)
    {
        Name = name;
        Method = method;
        Doc = method.GetCustomAttribute<DescriptionAttribute>()?.Description;
        // Parameter names follow the method names' policy: a Python caller reads get_tasks(min_priority), not minPriority.
        Parameters = method.GetParameters().Select((p, i) => new ParameterDescriptor(p, i, naming)).ToArray();
        CallerParameters = Parameters.Where(p => p.IsFromCaller).ToArray();
        NeedsCancellation = Parameters.Any(p => p.IsCancellationToken);
        _invoke = CompileInvoker(method);
        (Kind, ResultType, _awaitResult, _openStream) = Classify(method);
        NeedsCancellation |= Kind == ReturnKind.Stream;
        // The method's own attribute, else the service class's (inherited methods included).
        Dispatch = (method.GetCustomAttribute<ZeroRpcDispatchAttribute>()
            ?? (serviceType ?? method.DeclaringType)?.GetCustomAttribute<ZeroRpcDispatchAttribute>())?.Dispatch;
    }

    /// <summary>The name peers call.</summary>
    public string Name { get; }

    /// <summary>The C# method.</summary>
    public MethodInfo Method { get; }

    /// <summary>The documentation from <see cref="DescriptionAttribute"/>, or <c>null</c>.</summary>
    public string? Doc { get; }

    /// <summary>Every parameter of the C# signature.</summary>
    public IReadOnlyList<ParameterDescriptor> Parameters { get; }

    /// <summary>The parameters the caller supplies, in order.</summary>
    public IReadOnlyList<ParameterDescriptor> CallerParameters { get; }

    /// <summary>How the result is answered.</summary>
    public ReturnKind Kind { get; }

    /// <summary>The type of the value sent back (the item type for a stream); <c>null</c> when there is none.</summary>
    public Type? ResultType { get; }

    internal bool NeedsCancellation { get; }

    /// <summary>Where calls run, from <see cref="ZeroRpcDispatchAttribute"/>; <c>null</c> to follow the server's option.</summary>
    public CallDispatch? Dispatch { get; }

    /// <summary>Calls the method; for task-returning methods, returns the task unawaited.</summary>
    internal object? Invoke(object target, object?[] args) => _invoke(target, args);

    /// <summary>Awaits what <see cref="Invoke"/> returned and produces the value to send.</summary>
    internal ValueTask<object?> GetResultAsync(object? returned)
    {
        switch (Kind)
        {
            case ReturnKind.Void:
                return new ValueTask<object?>((object?)null);
            case ReturnKind.Value:
                return new ValueTask<object?>(returned);
            default:
                if (returned is null)
                {
                    throw new InvalidOperationException($"{Method.Name} returned a null task");
                }
                return new ValueTask<object?>(_awaitResult!(returned));
        }
    }

    /// <summary>Turns what <see cref="Invoke"/> returned into the items of a stream.</summary>
    internal IAsyncEnumerable<object?> OpenStream(object? returned, CancellationToken cancellationToken) =>
        _openStream!(returned ?? throw new InvalidOperationException($"{Method.Name} returned a null stream"), cancellationToken);

    private static Func<object, object?[], object?> CompileInvoker(MethodInfo method)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var arguments = method.GetParameters().Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var instance = method.IsStatic ? null : Expression.Convert(target, method.DeclaringType!);
        Expression call = Expression.Call(instance, method, arguments);
        call = method.ReturnType == typeof(void)
            ? Expression.Block(call, Expression.Constant(null, typeof(object)))
            : Expression.Convert(call, typeof(object));
        return Expression.Lambda<Func<object, object?[], object?>>(call, target, args).Compile();
    }

    private static (ReturnKind, Type?, Func<object, Task<object?>>?, Func<object, CancellationToken, IAsyncEnumerable<object?>>?) Classify(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(void))
        {
            return (ReturnKind.Void, null, null, null);
        }
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            var awaiter = type == typeof(Task)
                ? (Func<object, Task<object?>>)AwaitTask
                : AwaitValueTask;
            return (ReturnKind.Task, null, awaiter, null);
        }
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            var valueType = type.GetGenericArguments()[0];
            var helper = type.GetGenericTypeDefinition() == typeof(Task<>) ? nameof(AwaitTaskOf) : nameof(AwaitValueTaskOf);
            return (ReturnKind.TaskOfValue, valueType, CreateGeneric<Func<object, Task<object?>>>(helper, valueType), null);
        }
        if (FindGenericInterface(type, typeof(IAsyncEnumerable<>)) is { } asyncItem)
        {
            return (ReturnKind.Stream, asyncItem, null,
                CreateGeneric<Func<object, CancellationToken, IAsyncEnumerable<object?>>>(nameof(FromAsyncEnumerable), asyncItem));
        }
        if (method.GetCustomAttribute<ZeroRpcStreamAttribute>() is not null)
        {
            var item = FindGenericInterface(type, typeof(IEnumerable<>))
                ?? throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} is marked as a stream but returns {type.Name}, which is not IEnumerable<T> or IAsyncEnumerable<T>");
            return (ReturnKind.Stream, item, null,
                CreateGeneric<Func<object, CancellationToken, IAsyncEnumerable<object?>>>(nameof(FromEnumerable), item));
        }
        return (ReturnKind.Value, type, null, null);
    }

    private static Type? FindGenericInterface(Type type, Type definition)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
        {
            return type.GetGenericArguments()[0];
        }
        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments()[0];
    }

    private static TDelegate CreateGeneric<TDelegate>(string helper, Type argument) where TDelegate : Delegate =>
        typeof(MethodDescriptor).GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(argument)
            .CreateDelegate<TDelegate>();

    private static async Task<object?> AwaitTask(object task)
    {
        await ((Task)task).ConfigureAwait(false);
        return null;
    }

    private static async Task<object?> AwaitValueTask(object task)
    {
        await ((ValueTask)task).ConfigureAwait(false);
        return null;
    }

    private static Task<object?> AwaitTaskOf<T>(object task)
    {
        var typed = (Task<T>)task;
        if (typed.IsCompletedSuccessfully)
        {
            return Task.FromResult<object?>(typed.Result);
        }
        return Await(typed);

        static async Task<object?> Await(Task<T> pending) => await pending.ConfigureAwait(false);
    }

    private static async Task<object?> AwaitValueTaskOf<T>(object task) => await ((ValueTask<T>)task).ConfigureAwait(false);

    private static async IAsyncEnumerable<object?> FromAsyncEnumerable<T>(object source,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in ((IAsyncEnumerable<T>)source).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private static async IAsyncEnumerable<object?> FromEnumerable<T>(object source,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var item in (IEnumerable<T>)source)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
