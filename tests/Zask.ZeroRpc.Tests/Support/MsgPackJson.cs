using System.Globalization;
using System.Text.Json.Nodes;
using MessagePack;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>Renders decoded values in the captures' JSON convention: bin as {"$bin": hex}, maps as objects.</summary>
internal static class MsgPackJson
{
    public static object? DecodeValue(ReadOnlyMemory<byte> msgpack) =>
        MessagePackSerializer.Deserialize<object?>(msgpack, ZeroRpcSerializer.Options);

    public static JsonNode? Render(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        byte[] bytes => new JsonObject { ["$bin"] = Convert.ToHexString(bytes).ToLowerInvariant() },
        float f => JsonValue.Create((double)f),
        double d => JsonValue.Create(d),
        ulong u => JsonValue.Create(u),
        sbyte or byte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        object?[] items => new JsonArray(items.Select(Render).ToArray()),
        IDictionary<object, object?> map => RenderMap(map),
        _ => throw new InvalidOperationException($"unexpected decoded type {value.GetType()}"),
    };

    public static JsonObject RenderHeader(EventHeader header)
    {
        var result = new JsonObject();
        void Add(string key, JsonNode? node) => result[key] = node;
        if (header.VersionFirst && header.Version is { } v1) Add("v", v1);
        Add("message_id", RenderId(header.MessageId));
        if (!header.VersionFirst && header.Version is { } v2) Add("v", v2);
        if (header.ResponseTo is { } responseTo) Add("response_to", RenderId(responseTo));
        foreach (var (key, value) in header.Context) Add(key, Render(value));
        return result;
    }

    private static JsonNode RenderId(MessageId id) => id.IsBinary
        ? new JsonObject { ["$bin"] = Convert.ToHexString(id.Bytes).ToLowerInvariant() }
        : JsonValue.Create(id.ToString());

    private static JsonObject RenderMap(IDictionary<object, object?> map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map)
        {
            result[key as string ?? throw new InvalidOperationException("non-string map key")] = Render(value);
        }
        return result;
    }
}
