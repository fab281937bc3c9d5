using System.Globalization;
using MessagePack;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Converts a request's MessagePack argument array into a method's parameters, and says precisely which argument
/// is wrong when one is (a Python-style <c>TypeError</c> naming the method and the parameter), then checks their
/// DataAnnotations rules (a <c>ValidationError</c> naming each failing field).
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
        if (method.TakesArgumentList)
        {
            BindArgumentList(values, method, args, call);
            return;
        }
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
        BindServerParameters(values, method, call);
        // Before the method runs, and only for a method with rules: the others pay one null check.
        method.Validator?.Validate(values);
    }

    private static void BindArgumentList(object?[] values, MethodDescriptor method, ReadOnlyMemory<byte> args, ServerCallContext call)
    {
        try
        {
            values[method.CallerParameters[0].Position] = MessagePackSerializer.Deserialize<object?[]>(args, ZeroRpcSerializer.Options);
        }
        catch (MessagePackSerializationException ex)
        {
            throw TypeError($"{call.MethodName}() arguments must be an array", ex);
        }
        BindServerParameters(values, method, call);
    }

    private static void BindServerParameters(object?[] values, MethodDescriptor method, ServerCallContext call)
    {
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
            if (wireType == MessagePackType.String && parameter.Type == typeof(string))
            {
                // The most common argument, read as StringishFormatter reads it, without the serializer's lookups.
                return reader.ReadString();
            }
            return MessagePackSerializer.Deserialize(parameter.Type, ref reader, ZeroRpcSerializer.Options);
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or OverflowException or InvalidOperationException or FormatException)
        {
            // The caller reads the message: it speaks of their values, not of the decoder (whose words, like
            // "msgpack code 161", stay in the inner exception for the logs and a DEBUG traceback).
            if ((ex.InnerException ?? ex) is OverflowException && IntegerRange(parameter.Type) is { } range)
            {
                throw TypeError($"{method.Name}() argument '{parameter.Name}' must be an integer from {range.Min} to {range.Max}", ex);
            }
            throw TypeError($"{method.Name}() argument '{parameter.Name}' must be {FriendlyName(parameter.Type)}, not {Describe(wireType)}", ex);
        }
    }

    private static ZeroRpcException TypeError(string message) => new("TypeError", message);

    private static ZeroRpcException TypeError(string message, Exception inner) => new("TypeError", message, inner);

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
        if (type.IsPrimitive) return "an integer";
        if (type == typeof(object)) return "any value";
        // In MessagePack's words, not C#'s (List`1 means nothing to a Python caller): dictionaries and objects travel
        // as maps, arrays and other collections as arrays.
        return IsMap(type) || !typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "a map" : "an array";
    }

    private static bool IsMap(Type type) =>
        typeof(System.Collections.IDictionary).IsAssignableFrom(type)
        || (type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces()).Any(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

    private static (string Min, string Max)? IntegerRange(Type type)
    {
        var integer = Nullable.GetUnderlyingType(type) ?? type;
        return Type.GetTypeCode(integer) switch
        {
            TypeCode.SByte => Range(sbyte.MinValue, sbyte.MaxValue),
            TypeCode.Byte => Range(byte.MinValue, byte.MaxValue),
            TypeCode.Int16 => Range(short.MinValue, short.MaxValue),
            TypeCode.UInt16 => Range(ushort.MinValue, ushort.MaxValue),
            TypeCode.Int32 => Range(int.MinValue, int.MaxValue),
            TypeCode.UInt32 => Range(uint.MinValue, uint.MaxValue),
            TypeCode.Int64 => Range(long.MinValue, long.MaxValue),
            TypeCode.UInt64 => Range(ulong.MinValue, ulong.MaxValue),
            _ => null,
        };

        static (string, string) Range<T>(T min, T max) where T : IFormattable =>
            (min.ToString(null, CultureInfo.InvariantCulture), max.ToString(null, CultureInfo.InvariantCulture));
    }
}
