using System.Reflection;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Server;

/// <summary>One parameter of an exposed method, as introspection reports it and as arguments bind to it.</summary>
public sealed class ParameterDescriptor
{
    internal ParameterDescriptor(ParameterInfo parameter, int position, NamingPolicy naming = NamingPolicy.AsDeclared)
    {
        Name = parameter.Name is { Length: > 0 } declared ? naming.Apply(declared) : $"arg{position}";
        Type = parameter.ParameterType;
        Position = position;
        HasDefault = parameter.HasDefaultValue;
        DefaultValue = parameter.HasDefaultValue ? parameter.DefaultValue : null;
        IsCancellationToken = Type == typeof(CancellationToken);
        IsCallContext = Type == typeof(ServerCallContext);
    }

    /// <summary>The parameter name peers see, under the service's <see cref="NamingPolicy"/> (as its method names).</summary>
    public string Name { get; }

    /// <summary>The parameter type arguments are converted to.</summary>
    public Type Type { get; }

    /// <summary>The position in the C# signature.</summary>
    public int Position { get; }

    /// <summary><c>true</c> when the parameter is optional.</summary>
    public bool HasDefault { get; }

    /// <summary>The default value of an optional parameter.</summary>
    public object? DefaultValue { get; }

    /// <summary>Filled by the server with the call's cancellation token, not from the caller's arguments.</summary>
    public bool IsCancellationToken { get; }

    /// <summary>Filled by the server with the call's <see cref="ServerCallContext"/>.</summary>
    public bool IsCallContext { get; }

    /// <summary><c>true</c> when the caller supplies this parameter.</summary>
    public bool IsFromCaller => !IsCancellationToken && !IsCallContext;
}
