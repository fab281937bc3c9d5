using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Zask.Events;

/// <summary>
/// One <see cref="OnEventAttribute"/> method: makes its class in the event's scope and binds the payload to its
/// parameters by position, converting numbers and text the way they arrive from MessagePack peers.
/// </summary>
internal sealed class HandlerMethod
{
    private readonly Type _type;
    private readonly MethodInfo _method;
    private readonly ParameterInfo[] _parameters;
    private readonly ObjectFactory _factory;

    public HandlerMethod(Type type, MethodInfo method)
    {
        _type = type;
        _method = method;
        _parameters = method.GetParameters();
        _factory = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
    }

    public async Task InvokeAsync(IReadOnlyList<object?> payload, IServiceProvider services, CancellationToken cancellationToken)
    {
        var target = services.GetService(_type) ?? _factory(services, null);
        var args = new object?[_parameters.Length];
        var next = 0;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            if (parameter.ParameterType == typeof(CancellationToken))
            {
                args[i] = cancellationToken;
            }
            else if (next < payload.Count)
            {
                args[i] = Convert(payload[next++], parameter);
            }
            else if (parameter.HasDefaultValue)
            {
                args[i] = parameter.DefaultValue;
            }
            else
            {
                throw new ArgumentException($"the event has {payload.Count} payload items; parameter '{parameter.Name}' (position {next + 1}) has none");
            }
        }
        switch (_method.Invoke(target, args))
        {
            case Task task:
                await task.ConfigureAwait(false);
                break;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                break;
        }
    }

    private static object? Convert(object? value, ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (value is null || type.IsInstanceOfType(value))
        {
            return value;
        }
        // Text may arrive as bin from older msgpack peers, and integers in whatever width the peer chose.
        if (type == typeof(string) && value is byte[] bytes)
        {
            return Encoding.UTF8.GetString(bytes);
        }
        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(type))
        {
            return System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        }
        throw new ArgumentException($"parameter '{parameter.Name}' is {type.Name}, the event carries {value.GetType().Name}");
    }
}
