using System.Text.Json.Nodes;

namespace Zask.ZeroRpc.Tests.Conversations;

/// <summary>Renders events in the captures' JSON convention, so that events compare by name and args as text.</summary>
internal static class EventText
{
    public static JsonNode? Args(Event evt) => MsgPackJson.Render(MsgPackJson.DecodeValue(evt.Args));

    public static string ArgsJson(Event evt) => Args(evt)?.ToJsonString() ?? "null";

    /// <summary>"name args", e.g. <c>_zpc_more [100]</c>; long args (tracebacks) are cut short.</summary>
    public static string Describe(Event evt)
    {
        var args = ArgsJson(evt);
        return args.Length > 80 ? $"{evt.Name} {args[..77]}..." : $"{evt.Name} {args}";
    }

    /// <summary>The full "name args" text, for exact comparisons.</summary>
    public static string Key(Event evt) => $"{evt.Name} {ArgsJson(evt)}";

    public static string Id(MessageId id) => $"{(id.IsBinary ? "bin" : "str")}:{id}";
}
