using MessagePack;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Converts a request's MessagePack argument array into a method's parameters, and says precisely which argument
/// is wrong when one is (a Python-style <c>TypeError</c> naming the method and the parameter).
/// </summary>
internal static class ArgumentBinder
{
    public static object?[] Bind(MethodDescriptor method, ReadOnlyMemory<byte> args, ServerCallContext call)
    {
        var values = method.Parameters.Count == 0 ? [] : new object?[method.Parameters.Count];
        BindInto(values, method, args, call);
        return values;
    }

    /// <summary>Fills <paramref name="values"/> (one slot per parameter of <paramref name="method"/>).</summary>
    public static void BindInto(object?[] values, MethodDescriptor method, ReadOnlyMemory<byte> args, ServerCallContext call)
    {
        var reader = new MessagePackReader(args);
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw TypeError($"{method.Name}() arguments must be an array, got {Describe(reader.NextMessagePackType)}");
        }
        var given = reader.ReadArrayHeader();
        var expected = method.CallerParameters;
        if (given > expected.Count)
        {
            throw TypeError($"{method.Name}() takes {expected.Count} argument{(expected.Count == 1 ? "" : "s")} but {given} were given");
        }
        for (var i = 0; i < expected.Count; i++)
        {
            var parameter = expected[i];
            if (i < given)
            {
                values[parameter.Position] = ReadArgument(method, parameter, ref reader);
            }
            else if (parameter.HasDefault)
            {
                values[parameter.Position] = parameter.DefaultValue;
            }
            else
            {
                throw TypeError($"{method.Name}() missing required argument '{parameter.Name}' (position {i + 1})");
            }
        }
        var parameters = method.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (parameter.IsCancellationToken)
            {
                values[parameter.Position] = call.CancellationToken;
            }
            else if (parameter.IsCallContext)
            {
                values[parameter.Position] = call;
            }
        }
    }

    private static object? ReadArgument(MethodDescriptor method, ParameterDescriptor parameter, ref MessagePackReader reader)
    {
        var wireType = reader.NextMessagePackType;
        if (wireType == MessagePackType.Nil && parameter.Type.IsValueType && Nullable.GetUnderlyingType(parameter.Type) is null)
        {
            throw TypeError($"{method.Name}() argument '{parameter.Name}' must be {FriendlyName(parameter.Type)}, not nil");
        }
        try
        {
            return MessagePackSerializer.Deserialize(parameter.Type, ref reader, ZeroRpcSerializer.Options);
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or OverflowException or InvalidOperationException or FormatException)
        {
            var detail = (ex.InnerException ?? ex).Message;
            throw TypeError($"{method.Name}() argument '{parameter.Name}' must be {FriendlyName(parameter.Type)}, not {Describe(wireType)} ({detail})");
        }
    }

    private static ZeroRpcException TypeError(string message) => new("TypeError", message);

    private static string Describe(MessagePackType type) => type switch
    {
        MessagePackType.Integer => "an integer",
        MessagePackType.Nil => "nil",
        MessagePackType.Boolean => "a bool",
        MessagePackType.Float => "a float",
        MessagePackType.String => "a str",
        MessagePackType.Binary => "bytes",
        MessagePackType.Array => "an array",
        MessagePackType.Map => "a map",
        MessagePackType.Extension => "an extension value",
        _ => "an unknown value",
    };

    internal static string FriendlyName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return FriendlyName(underlying) + " or nil";
        }
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "a bool";
        if (type == typeof(byte[])) return "bytes";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type.IsPrimitive) return $"an integer ({type.Name})";
        if (type == typeof(object)) return "any value";
        return type.IsArray || typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? $"a collection ({type.Name})" : $"a map for {type.Name}";
    }
}
