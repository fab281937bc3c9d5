using System.Buffers;
using System.Text;
using MessagePack;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// Turns MessagePack blobs into <see cref="Event"/>s and back, following zerorpc's encoding: an array of exactly
/// three elements, a header map with str keys, a str name and the arguments.
/// </summary>
internal static class EventCodec
{
    private static ReadOnlySpan<byte> MessageIdKey => "message_id"u8;
    private static ReadOnlySpan<byte> VersionKey => "v"u8;
    private static ReadOnlySpan<byte> ResponseToKey => "response_to"u8;
    private static ReadOnlySpan<byte> TraceParentKey => "traceparent"u8;
    private static ReadOnlySpan<byte> TraceStateKey => "tracestate"u8;

    /// <summary>Decodes one event, checking it against <see cref="DecodeLimits.Default"/>.</summary>
    /// <exception cref="EventDecodeException">The blob is not a well-formed event; the message says why.</exception>
    public static Event Decode(ReadOnlyMemory<byte> blob) => Decode(blob, DecodeLimits.Default);

    /// <summary>Decodes one event, checking it against the given limits first.</summary>
    /// <exception cref="EventDecodeException">The blob is not a well-formed event; the message says why.</exception>
    public static Event Decode(ReadOnlyMemory<byte> blob, DecodeLimits limits) => Decode(blob, limits, null, aliasIds: false);

    /// <summary>
    /// Decodes one event for the multiplexer. <paramref name="names"/> supplies known method names so that a
    /// request allocates no name string; with <paramref name="aliasIds"/> the ids point into <paramref name="blob"/>
    /// instead of being copied, which is only safe when nobody modifies the blob afterwards.
    /// </summary>
    internal static Event Decode(ReadOnlyMemory<byte> blob, DecodeLimits limits, NameTable? names, bool aliasIds)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (blob.Length == 0)
        {
            throw new EventDecodeException("empty message: expected a MessagePack array [header, name, args]");
        }
        if (blob.Length > limits.MaxMessageBytes)
        {
            throw new EventDecodeException($"message of {blob.Length} bytes exceeds the limit of {limits.MaxMessageBytes} bytes");
        }
        try
        {
            MessagePackValidator.Validate(blob, limits);
            if (TryDecodeCommon(blob, names, aliasIds) is { } common)
            {
                return common;
            }
            var reader = new MessagePackReader(blob);
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                throw new EventDecodeException($"event must be a MessagePack array, got {reader.NextMessagePackType}");
            }
            var count = reader.ReadArrayHeader();
            if (count != 3)
            {
                throw new EventDecodeException($"event must have exactly 3 elements [header, name, args], got {count}");
            }
            var header = ReadHeader(ref reader, aliasIds);
            var name = ReadName(ref reader, names);
            var args = blob[(int)reader.Consumed..];
            return new Event(header, name, args);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new EventDecodeException($"malformed MessagePack: {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new EventDecodeException("truncated MessagePack: the message ends inside a value", ex);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException or InvalidOperationException)
        {
            // MessagePackReader reports a str/bin/ext that declares more bytes than exist (2 GiB and up) this way.
            throw new EventDecodeException($"malformed MessagePack: a value declares more bytes than the message holds ({ex.GetType().Name})", ex);
        }
    }

    /// <summary>
    /// Decodes the shape almost every event has, straight off the span: a header map of up to 15 entries holding only
    /// <c>message_id</c>, <c>v</c> (a positive fixint), <c>response_to</c> (str or bin up to 255 bytes) and a traced
    /// call's context, <c>traceparent</c> then maybe <c>tracestate</c> (str up to 255 bytes), then a name of up to 255
    /// bytes. Anything else (other task context, wider encodings, a missing id) returns <c>null</c> for the general
    /// reader, which decides. The blob has been validated, so every length read here lies within it.
    /// </summary>
    private static Event? TryDecodeCommon(ReadOnlyMemory<byte> blob, NameTable? names, bool aliasIds)
    {
        var bytes = blob.Span;
        if (bytes.Length < 2 || bytes[0] != 0x93 || (bytes[1] & 0xf0) != 0x80)
        {
            return null;
        }
        var count = bytes[1] & 0x0f;
        var position = 2;
        MessageId? messageId = null;
        MessageId? responseTo = null;
        int? version = null;
        var versionFirst = false;
        TraceContextHeader? trace = null;
        for (var i = 0; i < count; i++)
        {
            if (!TryShortString(bytes, ref position, out var keyStart, out var keyLength, out _))
            {
                return null;
            }
            var key = bytes.Slice(keyStart, keyLength);
            if (key.SequenceEqual(MessageIdKey) || key.SequenceEqual(ResponseToKey))
            {
                if (!TryShortString(bytes, ref position, out var start, out var length, out var isBinary) || length == 0)
                {
                    return null;
                }
                var id = aliasIds ? new MessageId(blob.Slice(start, length), isBinary) : new MessageId(bytes.Slice(start, length).ToArray(), isBinary);
                if (key.Length == MessageIdKey.Length)
                {
                    messageId = id;
                }
                else
                {
                    responseTo = id;
                }
            }
            else if (key.SequenceEqual(VersionKey) && bytes[position] <= 0x7f)
            {
                versionFirst = messageId is null;
                version = bytes[position++];
            }
            else if (trace is null && key.SequenceEqual(TraceParentKey))
            {
                // Kept as bytes: the server span parses them, and nothing else needs a string unless it asks.
                if (!TryShortString(bytes, ref position, out var start, out var length, out var isBinary) || isBinary)
                {
                    return null;
                }
                trace = TraceContextHeader.Received(aliasIds ? blob.Slice(start, length) : bytes.Slice(start, length).ToArray(), null);
            }
            else if (trace is { TraceState: null } && key.SequenceEqual(TraceStateKey))
            {
                if (!TryShortString(bytes, ref position, out var start, out var length, out var isBinary) || isBinary)
                {
                    return null;
                }
                trace = trace.WithState(Encoding.UTF8.GetString(bytes.Slice(start, length)));
            }
            else
            {
                return null;
            }
        }
        if (messageId is null || !TryShortString(bytes, ref position, out var nameStart, out var nameLength, out _) || nameLength == 0)
        {
            return null;
        }
        var utf8 = bytes.Slice(nameStart, nameLength);
        var name = EventNames.Intern(utf8) ?? names?.Find(utf8) ?? Encoding.UTF8.GetString(utf8);
        return new Event(new EventHeader(messageId.Value, version, responseTo, trace) { VersionFirst = versionFirst }, name, blob[position..]);
    }

    /// <summary>A fixstr, str 8 or bin 8 at <paramref name="position"/>: where its bytes start and how many there are.</summary>
    private static bool TryShortString(ReadOnlySpan<byte> bytes, ref int position, out int start, out int length, out bool isBinary)
    {
        var code = bytes[position];
        isBinary = code == 0xc4;
        if ((code & 0xe0) == 0xa0)
        {
            start = position + 1;
            length = code & 0x1f;
        }
        else if (code is 0xd9 or 0xc4)
        {
            start = position + 2;
            length = bytes[position + 1];
        }
        else
        {
            start = length = 0;
            return false;
        }
        position = start + length;
        return true;
    }

    /// <summary>
    /// Reads only the header of a message that failed to decode, to find the id of the channel it would have
    /// opened. Succeeds for a request (a header map with a str/bin <c>message_id</c>, no <c>response_to</c>, and
    /// only scalar values before them), never for anything that could itself be the reason it failed.
    /// </summary>
    public static bool TryReadOpeningId(ReadOnlyMemory<byte> blob, out MessageId id)
    {
        id = default;
        try
        {
            var reader = new MessagePackReader(blob);
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() != 3
                || reader.NextMessagePackType != MessagePackType.Map)
            {
                return false;
            }
            var count = reader.ReadMapHeader();
            MessageId? found = null;
            for (var i = 0; i < count; i++)
            {
                if (reader.NextMessagePackType != MessagePackType.String)
                {
                    return false;
                }
                var key = reader.ReadString();
                var type = reader.NextMessagePackType;
                if (key == "response_to")
                {
                    return false;
                }
                if (key == "message_id" && type is MessagePackType.String or MessagePackType.Binary)
                {
                    var bytes = (type == MessagePackType.String ? reader.ReadStringSequence() : reader.ReadBytes())!.Value;
                    if (bytes.Length is 0 or > 256)
                    {
                        return false;
                    }
                    found = new MessageId(bytes.ToArray(), type == MessagePackType.Binary);
                }
                else if (type is MessagePackType.Array or MessagePackType.Map or MessagePackType.Unknown)
                {
                    // Skipping a collection could walk straight into what got the message refused.
                    return false;
                }
                else
                {
                    reader.Skip();
                }
            }
            id = found ?? default;
            return found.HasValue;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or ArgumentOutOfRangeException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// Encodes a decoded event again, keeping its header as it came (key order, version, id types). Used to
    /// relay or record events; new events are written by <see cref="WriteHeader"/>.
    /// </summary>
    public static void Encode(IBufferWriter<byte> output, Event evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        var h = evt.Header;
        var count = 1 + (h.Version.HasValue ? 1 : 0) + (h.ResponseTo.HasValue ? 1 : 0) + h.Context.Count;
        writer.WriteMapHeader(count);
        if (h.VersionFirst && h.Version.HasValue)
        {
            WriteVersion(ref writer, h.Version.Value);
        }
        writer.WriteString(MessageIdKey);
        WriteId(ref writer, h.MessageId);
        if (!h.VersionFirst && h.Version.HasValue)
        {
            WriteVersion(ref writer, h.Version.Value);
        }
        WriteResponseToAndContext(ref writer, h.ResponseTo, h.Context);
        writer.Write(evt.Name);
        writer.WriteRaw(evt.Args.Span);
        writer.Flush();
    }

    /// <summary>
    /// Writes the array header and the header map of a new event (<c>message_id</c>, <c>v: 3</c>, then
    /// <c>response_to</c> when given, then the task context). The caller writes the name and the args next.
    /// </summary>
    public static void WriteHeader(ref MessagePackWriter writer, MessageId messageId, MessageId? responseTo,
        IReadOnlyDictionary<string, object?>? context)
    {
        WriteHeaderStart(ref writer, responseTo, context);
        WriteId(ref writer, messageId);
        WriteVersion(ref writer, EventHeader.ProtocolVersion);
        WriteResponseToAndContext(ref writer, responseTo, context);
    }

    /// <summary>
    /// <see cref="WriteHeader"/> with a fresh id from <see cref="MessageIdGenerator"/>, made in place: for events
    /// whose id nobody keeps (replies, heartbeats, credit).
    /// </summary>
    internal static void WriteHeaderWithFreshId(ref MessagePackWriter writer, MessageId? responseTo,
        IReadOnlyDictionary<string, object?>? context)
    {
        WriteHeaderStart(ref writer, responseTo, context);
        // Written in place as bin, as MessageIdGenerator.Next would be.
        writer.WriteBinHeader(MessageIdGenerator.Length);
        MessageIdGenerator.WriteNext(writer.GetSpan(MessageIdGenerator.Length));
        writer.Advance(MessageIdGenerator.Length);
        WriteVersion(ref writer, EventHeader.ProtocolVersion);
        WriteResponseToAndContext(ref writer, responseTo, context);
    }

    private static void WriteHeaderStart(ref MessagePackWriter writer, MessageId? responseTo, IReadOnlyDictionary<string, object?>? context)
    {
        writer.WriteArrayHeader(3);
        var count = 2 + (responseTo.HasValue ? 1 : 0) + (context?.Count ?? 0);
        writer.WriteMapHeader(count);
        writer.WriteString(MessageIdKey);
    }

    /// <summary>Writes an id with the MessagePack type it arrived as (bin or str).</summary>
    public static void WriteId(ref MessagePackWriter writer, MessageId id)
    {
        if (id.IsBinary)
        {
            writer.Write(id.Bytes);
        }
        else
        {
            writer.WriteString(id.Bytes);
        }
    }

    private static void WriteVersion(ref MessagePackWriter writer, int version)
    {
        writer.WriteString(VersionKey);
        writer.Write(version);
    }

    private static void WriteResponseToAndContext(ref MessagePackWriter writer, MessageId? responseTo,
        IReadOnlyDictionary<string, object?>? context)
    {
        if (responseTo.HasValue)
        {
            writer.WriteString(ResponseToKey);
            WriteId(ref writer, responseTo.Value);
        }
        if (context is null || context.Count == 0)
        {
            return;
        }
        if (context is TraceContextHeader trace)
        {
            trace.Write(ref writer);
            return;
        }
        foreach (var (key, value) in context)
        {
            writer.Write(key);
            if (value is string text)
            {
                // Most task context is text (call ids, trace context): no serializer lookup for it.
                writer.Write(text);
                continue;
            }
            MessagePackSerializer.Serialize(ref writer, value, ZeroRpcSerializer.Options);
        }
    }

    private static EventHeader ReadHeader(ref MessagePackReader reader, bool aliasIds)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            // A v1 peer may send anything here; without a message_id there is no channel to answer on.
            throw new EventDecodeException($"event header must be a map with a message_id, got {reader.NextMessagePackType}");
        }
        var count = reader.ReadMapHeader();
        MessageId? messageId = null;
        MessageId? responseTo = null;
        int? version = null;
        var versionFirst = false;
        Dictionary<string, object?>? context = null;
        for (var i = 0; i < count; i++)
        {
            if (!TryReadStringish(ref reader, out var keySequence, out _))
            {
                throw new EventDecodeException($"event header keys must be str, got {reader.NextMessagePackType}");
            }
            var key = Flat(keySequence);
            if (key.SequenceEqual(MessageIdKey))
            {
                messageId = ReadId(ref reader, "message_id", aliasIds);
            }
            else if (key.SequenceEqual(VersionKey))
            {
                versionFirst = messageId is null;
                version = reader.NextMessagePackType == MessagePackType.Integer ? ReadVersion(ref reader) : SkipAsNull(ref reader);
            }
            else if (key.SequenceEqual(ResponseToKey))
            {
                responseTo = ReadId(ref reader, "response_to", aliasIds);
            }
            else
            {
                var value = reader.NextMessagePackType == MessagePackType.String
                    ? reader.ReadString()
                    : MessagePackSerializer.Deserialize<object?>(ref reader, ZeroRpcSerializer.Options);
                // In wire order. A traced call's usual context (traceparent, then tracestate) took the fast path.
                context ??= new Dictionary<string, object?>(StringComparer.Ordinal);
                context[Encoding.UTF8.GetString(key)] = value;
            }
        }
        if (messageId is null || messageId.Value.IsEmpty)
        {
            throw new EventDecodeException("event header has no message_id");
        }
        return new EventHeader(messageId.Value, version, responseTo, context)
        {
            VersionFirst = versionFirst,
        };
    }

    private static int? ReadVersion(ref MessagePackReader reader)
    {
        var value = reader.ReadInt64();
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
    }

    private static int? SkipAsNull(ref MessagePackReader reader)
    {
        reader.Skip();
        return null;
    }

    private static MessageId ReadId(ref MessagePackReader reader, string key, bool aliasIds)
    {
        if (!TryReadStringish(ref reader, out var bytes, out var isBinary))
        {
            throw new EventDecodeException($"{key} must be str or bin, got {reader.NextMessagePackType}");
        }
        // A reader over one ReadOnlyMemory yields single-segment slices of it.
        return aliasIds && bytes.IsSingleSegment
            ? new MessageId(bytes.First, isBinary)
            : new MessageId(bytes.ToArray(), isBinary);
    }

    private static string ReadName(ref MessagePackReader reader, NameTable? names)
    {
        // Old Python 2 peers wrote names as raw bytes (bin); accept them, emit str.
        if (!TryReadStringish(ref reader, out var sequence, out _))
        {
            throw new EventDecodeException($"event name must be str, got {reader.NextMessagePackType}");
        }
        var utf8 = Flat(sequence);
        if (utf8.Length == 0)
        {
            throw new EventDecodeException("event name is empty");
        }
        return EventNames.Intern(utf8) ?? names?.Find(utf8) ?? Encoding.UTF8.GetString(utf8);
    }

    private static bool TryReadStringish(ref MessagePackReader reader, out ReadOnlySequence<byte> utf8, out bool isBinary)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.String:
                isBinary = false;
                utf8 = reader.ReadStringSequence() ?? default;
                return true;
            case MessagePackType.Binary:
                isBinary = true;
                utf8 = reader.ReadBytes() ?? default;
                return true;
            default:
                utf8 = default;
                isBinary = false;
                return false;
        }
    }

    private static ReadOnlySpan<byte> Flat(in ReadOnlySequence<byte> sequence) =>
        sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray();
}
