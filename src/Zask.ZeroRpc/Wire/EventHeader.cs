namespace Zask.ZeroRpc.Wire;

/// <summary>
/// The header map of an event: <c>message_id</c>, <c>v</c>, <c>response_to</c>, and any task-context keys that
/// middlewares add.
/// </summary>
internal sealed class EventHeader
{
    /// <summary>The protocol version this implementation sends.</summary>
    public const int ProtocolVersion = 3;

    /// <summary>Creates a header.</summary>
    public EventHeader(MessageId messageId, int? version = ProtocolVersion, MessageId? responseTo = null,
        IReadOnlyDictionary<string, object?>? context = null)
    {
        MessageId = messageId;
        Version = version;
        ResponseTo = responseTo;
        Context = context ?? EmptyContext;
    }

    internal static readonly IReadOnlyDictionary<string, object?> EmptyContext = new Dictionary<string, object?>();

    /// <summary>The event's own id.</summary>
    public MessageId MessageId { get; }

    /// <summary>The <c>v</c> key: 3 for current peers, <c>null</c> when absent or not an integer (a v1 peer).</summary>
    public int? Version { get; }

    /// <summary>The channel id this event belongs to; <c>null</c> on the event that opens a channel.</summary>
    public MessageId? ResponseTo { get; }

    /// <summary>Every other header key (task context added by middlewares), in wire order.</summary>
    public IReadOnlyDictionary<string, object?> Context { get; }

    /// <summary>
    /// <c>true</c> when <c>v</c> came before <c>message_id</c> on the wire (zerorpc-node's order). Key order carries
    /// no meaning; it is kept only so that a decoded event re-encodes to the very same bytes.
    /// </summary>
    public bool VersionFirst { get; init; }

    /// <summary>Reads a task-context value as a string (str or bin), or <c>null</c> when absent.</summary>
    public string? GetContextString(string key) => Diagnostics.TraceContextHeader.TextOf(Context, key);
}
