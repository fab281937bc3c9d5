using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using MessagePack;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>
/// The task context of a request whose only keys are the W3C trace context (<c>traceparent</c>, and
/// <c>tracestate</c> when there is one): the common case of a traced call without middlewares, sent and received
/// without the dictionary a general context needs. The <c>traceparent</c> stays in the form it came in (the span's
/// ids when sent, the UTF-8 bytes of the wire when received) and becomes a string only when someone reads it as one.
/// </summary>
internal sealed class TraceContextHeader : IReadOnlyDictionary<string, object?>
{
    private const int W3CLength = 55;

    private static readonly SearchValues<byte> LowerHex = SearchValues.Create("0123456789abcdef"u8);

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    // What holds the traceparent: the span (sent), the wire's bytes (received) or text (either, once read).
    private readonly Activity? _span;
    private readonly ReadOnlyMemory<byte> _utf8;
    private readonly Form _form;
    private string? _traceParent;

    private TraceContextHeader(Form form, Activity? span, ReadOnlyMemory<byte> utf8, string? traceParent, string? traceState)
    {
        _form = form;
        _span = span;
        _utf8 = utf8;
        _traceParent = traceParent;
        TraceState = traceState;
    }

    private enum Form
    {
        Span,
        Bytes,
        Text,
    }

    /// <summary>The context of <paramref name="span"/>, to send; its <c>traceparent</c> is written from its ids.</summary>
    public static TraceContextHeader Of(Activity span, string? traceState) =>
        span.IdFormat == ActivityIdFormat.W3C
            ? new TraceContextHeader(Form.Span, span, default, null, traceState)
            : new TraceContextHeader(Form.Text, null, default, span.Id, traceState);

    /// <summary>
    /// A received <c>traceparent</c> (a str's UTF-8 bytes, which the header keeps: the caller copies them when the
    /// message's buffer does not outlive the event) and <c>tracestate</c>.
    /// </summary>
    public static TraceContextHeader Received(ReadOnlyMemory<byte> traceParentUtf8, string? traceState) =>
        new(Form.Bytes, null, traceParentUtf8, null, traceState);

    /// <summary>The header with <paramref name="traceState"/> added.</summary>
    public TraceContextHeader WithState(string traceState) => new(_form, _span, _utf8, _traceParent, traceState);

    /// <summary>The <c>traceparent</c> value as text.</summary>
    public string TraceParent => _traceParent ??= _form == Form.Span ? Format() : Encoding.UTF8.GetString(_utf8.Span);

    public string? TraceState { get; }

    public int Count => TraceState is null ? 1 : 2;

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<object?> Values => this.Select(pair => pair.Value);

    /// <summary>
    /// Writes both keys and their values as MessagePack str, without making the <c>traceparent</c> a string first.
    /// </summary>
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteString("traceparent"u8);
        switch (_form)
        {
            case Form.Span:
                writer.WriteStringHeader(W3CLength);
                FormatInto(writer.GetSpan(W3CLength));
                writer.Advance(W3CLength);
                break;
            case Form.Bytes:
                writer.WriteString(_utf8.Span);
                break;
            default:
                writer.Write(_traceParent);
                break;
        }
        if (TraceState is { } state)
        {
            writer.WriteString("tracestate"u8);
            writer.Write(state);
        }
    }

    /// <summary>
    /// The remote parent a server span continues: the W3C <c>traceparent</c> (and <c>tracestate</c>) of
    /// <paramref name="context"/>, read from its bytes when it came in this form. <c>false</c> when there is none or
    /// it is malformed, which starts a new trace.
    /// </summary>
    public static bool TryGetRemoteParent(IReadOnlyDictionary<string, object?> context, out ActivityContext parent)
    {
        if (context is TraceContextHeader { _form: Form.Bytes } received)
        {
            return TryParse(received._utf8.Span, received.TraceState, out parent);
        }
        parent = default;
        if (context.Count == 0)
        {
            return false;
        }
        // A context that came in another form (bin, or keys the fast path does not read) gets the same parser, so
        // that one header is accepted or refused alike whichever way it was decoded.
        var traceParent = TextOf(context, ZeroRpcDiagnostics.TraceParentKey);
        Span<byte> utf8 = stackalloc byte[W3CLength];
        return traceParent is { Length: W3CLength }
            && Encoding.UTF8.TryGetBytes(traceParent, utf8, out var written) && written == W3CLength
            && TryParse(utf8, TextOf(context, ZeroRpcDiagnostics.TraceStateKey), out parent);
    }

    /// <summary>
    /// Parses a W3C <c>traceparent</c> from its UTF-8 bytes, accepting what <see cref="ActivityContext.TryParse(string, string, bool, out ActivityContext)"/>
    /// accepts in a well-formed header: 55 bytes, a version other than <c>ff</c>, lower-case hex ids not all zeros,
    /// lower-case hex flags, dashes between.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, string? traceState, out ActivityContext parent)
    {
        parent = default;
        if (utf8.Length != W3CLength || utf8[2] != '-' || utf8[35] != '-' || utf8[52] != '-'
            || !IsLowerHex(utf8[..2]) || (utf8[0] == 'f' && utf8[1] == 'f')
            || !IsLowerHexNotAllZeros(utf8.Slice(3, 32)) || !IsLowerHexNotAllZeros(utf8.Slice(36, 16)) || !IsLowerHex(utf8.Slice(53, 2)))
        {
            return false;
        }
        var flags = (ActivityTraceFlags)((HexDigits.IndexOf(utf8[53]) << 4) | HexDigits.IndexOf(utf8[54]));
        parent = new ActivityContext(ActivityTraceId.CreateFromUtf8String(utf8.Slice(3, 32)),
            ActivitySpanId.CreateFromUtf8String(utf8.Slice(36, 16)), flags, traceState, isRemote: true);
        return true;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (key == ZeroRpcDiagnostics.TraceParentKey)
        {
            value = TraceParent;
            return true;
        }
        if (TraceState is not null && key == ZeroRpcDiagnostics.TraceStateKey)
        {
            value = TraceState;
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return new KeyValuePair<string, object?>(ZeroRpcDiagnostics.TraceParentKey, TraceParent);
        if (TraceState is not null)
        {
            yield return new KeyValuePair<string, object?>(ZeroRpcDiagnostics.TraceStateKey, TraceState);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string Format() => string.Create(W3CLength, this, static (chars, header) =>
    {
        Span<byte> utf8 = stackalloc byte[W3CLength];
        header.FormatInto(utf8);
        Encoding.ASCII.GetChars(utf8, chars);
    });

    // 00-{trace id}-{span id}-{flags}: the ids' hex strings are the span's own, made when it started.
    private void FormatInto(Span<byte> destination)
    {
        var span = _span!;
        "00-"u8.CopyTo(destination);
        Encoding.ASCII.GetBytes(span.TraceId.ToHexString(), destination.Slice(3, 32));
        destination[35] = (byte)'-';
        Encoding.ASCII.GetBytes(span.SpanId.ToHexString(), destination.Slice(36, 16));
        destination[52] = (byte)'-';
        var flags = (int)span.ActivityTraceFlags;
        destination[53] = HexDigits[(flags >> 4) & 0xf];
        destination[54] = HexDigits[flags & 0xf];
    }

    private static bool IsLowerHex(ReadOnlySpan<byte> utf8) => !utf8.ContainsAnyExcept(LowerHex);

    private static bool IsLowerHexNotAllZeros(ReadOnlySpan<byte> utf8) => IsLowerHex(utf8) && utf8.ContainsAnyExcept((byte)'0');

    /// <summary>A task-context value as text (str, or bin read as UTF-8), or <c>null</c> when absent.</summary>
    internal static string? TextOf(IReadOnlyDictionary<string, object?> context, string key) => context.TryGetValue(key, out var value)
        ? value switch
        {
            string text => text,
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => value?.ToString(),
        }
        : null;
}
