using System.Text.Json.Nodes;

namespace Zask.ZeroRpc.Tests.Conversations;

/// <summary>
/// A complete channel recorded between a real zerorpc-python client and server
/// (tests/data/zerorpc-conversations.json).
/// </summary>
internal sealed class RecordedConversation
{
    private static readonly Lazy<IReadOnlyDictionary<string, RecordedConversation>> All = new(LoadAll);

    private RecordedConversation(JsonObject json)
    {
        Id = json["id"]!.GetValue<string>();
        Description = json["description"]!.GetValue<string>();
        Sequence = json["sequence"]!.GetValue<string>();
        Events = json["events"]!.AsArray()
            .Select((e, i) => new RecordedEvent(
                i,
                e!["dir"]!.GetValue<string>() switch
                {
                    "c2s" => true,
                    "s2c" => false,
                    var other => throw new InvalidDataException($"unknown direction {other}"),
                },
                e["t_ms"]!.GetValue<double>(),
                SharedTestData.Hex(e["blob_hex"]!.GetValue<string>()),
                e["decoded"]!.AsObject()))
            .ToArray();
    }

    public static IReadOnlyCollection<string> Ids => All.Value.Keys.ToArray();

    public static RecordedConversation Get(string id) => All.Value[id];

    public string Id { get; }

    public string Description { get; }

    /// <summary>The capture's one-line summary, e.g. <c>c2s hello ["World"] | s2c OK ["Hello, World!"]</c>.</summary>
    public string Sequence { get; }

    public IReadOnlyList<RecordedEvent> Events { get; }

    /// <summary>The event that opened the channel.</summary>
    public RecordedEvent Request => Events[0];

    /// <summary>The channel id: the request's message_id, with its msgpack type (bin for Python).</summary>
    public MessageId RequestId => Request.Event.Header.MessageId;

    /// <summary>Index of the last server event: client events after it are the client's late chatter.</summary>
    public int LastServerEventIndex => Events.Last(e => !e.IsClientToServer).Index;

    public override string ToString() => Id;

    private static Dictionary<string, RecordedConversation> LoadAll() =>
        SharedTestData.Load("zerorpc-conversations.json")["conversations"]!.AsArray()
            .Select(c => new RecordedConversation(c!.AsObject()))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
}
