namespace Zask.ZeroRpc.Wire;

/// <summary>The event names that the protocol itself defines (everything else is a method name).</summary>
internal static class EventNames
{
    /// <summary>A successful reply: args are <c>[result]</c>.</summary>
    public const string Ok = "OK";

    /// <summary>An error reply: args are <c>[name, message, traceback]</c>.</summary>
    public const string Error = "ERR";

    /// <summary>One item of a streamed reply: args are the item itself.</summary>
    public const string Stream = "STREAM";

    /// <summary>The end of a streamed reply: args are nil (Python) or <c>[]</c> (Node).</summary>
    public const string StreamDone = "STREAM_DONE";

    /// <summary>A heartbeat: args <c>[0]</c>.</summary>
    public const string Heartbeat = "_zpc_hb";

    /// <summary>A flow-control credit grant: args <c>[n]</c>.</summary>
    public const string More = "_zpc_more";

    internal static ReadOnlySpan<byte> OkUtf8 => "OK"u8;
    internal static ReadOnlySpan<byte> ErrorUtf8 => "ERR"u8;
    internal static ReadOnlySpan<byte> StreamUtf8 => "STREAM"u8;
    internal static ReadOnlySpan<byte> StreamDoneUtf8 => "STREAM_DONE"u8;
    internal static ReadOnlySpan<byte> HeartbeatUtf8 => "_zpc_hb"u8;
    internal static ReadOnlySpan<byte> MoreUtf8 => "_zpc_more"u8;

    /// <summary>
    /// Returns the interned constant for a protocol name so that the hot path compares references
    /// and allocates no string for the names every call carries.
    /// </summary>
    internal static string? Intern(ReadOnlySpan<byte> utf8) => utf8.Length switch
    {
        2 when utf8.SequenceEqual(OkUtf8) => Ok,
        3 when utf8.SequenceEqual(ErrorUtf8) => Error,
        6 when utf8.SequenceEqual(StreamUtf8) => Stream,
        11 when utf8.SequenceEqual(StreamDoneUtf8) => StreamDone,
        7 when utf8.SequenceEqual(HeartbeatUtf8) => Heartbeat,
        9 when utf8.SequenceEqual(MoreUtf8) => More,
        _ => null,
    };
}
