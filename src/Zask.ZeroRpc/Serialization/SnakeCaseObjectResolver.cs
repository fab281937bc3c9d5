using System.Reflection;
using MessagePack;
using MessagePack.Formatters;

namespace Zask.ZeroRpc.Serialization;

/// <summary>
/// Serializes plain classes, records and structs (and anonymous types) as maps with snake_case keys, the shape a
/// Python or Node peer sends and expects, and reads them back from maps whatever the keys' case.
/// </summary>
internal sealed class SnakeCaseObjectResolver : IFormatterResolver
{
    public static readonly SnakeCaseObjectResolver Instance = new();

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = CanHandle(typeof(T)) ? new SnakeCaseObjectFormatter<T>() : null;
    }

    private static bool CanHandle(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsPointer || type.IsByRef || type.IsInterface || type.IsAbstract
            || type.ContainsGenericParameters || typeof(Delegate).IsAssignableFrom(type) || type == typeof(object))
        {
            return false;
        }
        if (type.GetCustomAttribute<MessagePackObjectAttribute>() is not null)
        {
            return false;
        }
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.GetIndexParameters().Length == 0);
    }
}
