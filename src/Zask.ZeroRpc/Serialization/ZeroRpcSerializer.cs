using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Zask.ZeroRpc.Serialization;

/// <summary>
/// The MessagePack settings every Zask endpoint uses, chosen to match what Python and Node peers send and expect:
/// strings as str, byte arrays as bin, the smallest integer encoding, objects as maps with snake_case keys.
/// </summary>
internal static class ZeroRpcSerializer
{
    /// <summary>The resolver: built-in formatters, then MessagePack attributes, then collections, then plain objects.</summary>
    public static IFormatterResolver Resolver { get; } = CompositeResolver.Create(
        [new StringishFormatter(), new DynamicValueFormatter()],
        [
            BuiltinResolver.Instance,
            AttributeFormatterResolver.Instance,
            DynamicEnumResolver.Instance,
            DynamicGenericResolver.Instance,
            DynamicUnionResolver.Instance,
            SnakeCaseObjectResolver.Instance,
        ]);

    /// <summary>The options used for every argument, result and header value.</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(Resolver)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Returns the formatter for <typeparamref name="T"/>, cached by MessagePack's resolver.</summary>
    public static IMessagePackFormatter<T> Formatter<T>() => Resolver.GetFormatterWithVerify<T>();
}
