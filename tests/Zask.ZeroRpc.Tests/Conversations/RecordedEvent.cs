using System.Text.Json.Nodes;

namespace Zask.ZeroRpc.Tests.Conversations;

/// <summary>One event of a recorded conversation: its direction, its time offset and its exact bytes.</summary>
internal sealed class RecordedEvent
{
    public RecordedEvent(int index, bool isClientToServer, double timeMs, byte[] blob, JsonObject documented)
    {
        Index = index;
        IsClientToServer = isClientToServer;
        TimeMs = timeMs;
        Blob = blob;
        Documented = documented;
        Event = EventCodec.Decode(blob);
    }

    /// <summary>Position in the conversation (0 is the request).</summary>
    public int Index { get; }

    public bool IsClientToServer { get; }

    /// <summary>Milliseconds since the conversation's first event, as the sniffing proxy saw it.</summary>
    public double TimeMs { get; }

    /// <summary>The msgpack event exactly as it travelled.</summary>
    public byte[] Blob { get; }

    /// <summary>The capture's own rendering of the event ({header, name, args}).</summary>
    public JsonObject Documented { get; }

    public Event Event { get; }

    public string Name => Event.Name;

    public bool IsHeartbeat => Name == EventNames.Heartbeat;

    public JsonNode? Args => EventText.Args(Event);

    public override string ToString() => $"{(IsClientToServer ? "c2s" : "s2c")} @{TimeMs}ms {EventText.Describe(Event)}";
}
