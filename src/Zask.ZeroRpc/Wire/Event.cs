namespace Zask.ZeroRpc.Wire;

/// <summary>
/// One ZeroRPC event: <c>[header, name, args]</c>. The arguments stay as raw MessagePack so that the layer which
/// knows their target types decodes them once, straight into those types.
/// </summary>
internal sealed class Event
{
    /// <summary>Creates an event.</summary>
    public Event(EventHeader header, string name, ReadOnlyMemory<byte> args)
    {
        Header = header;
        Name = name;
        Args = args;
    }

    /// <summary>The header map.</summary>
    public EventHeader Header { get; }

    /// <summary>The method name, or one of the protocol's names in <see cref="EventNames"/>.</summary>
    public string Name { get; }

    /// <summary>The arguments, exactly as they travelled (one MessagePack value).</summary>
    public ReadOnlyMemory<byte> Args { get; }

    /// <summary>A short description for logs.</summary>
    public override string ToString() => $"{Name} (message_id {Header.MessageId}, response_to {Header.ResponseTo?.ToString() ?? "-"})";
}
