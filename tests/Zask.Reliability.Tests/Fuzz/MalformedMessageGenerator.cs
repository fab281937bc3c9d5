using MessagePack;

namespace Zask.Reliability.Tests.Fuzz;

/// <summary>
/// Produces a seeded, reproducible mix of broken messages, each with what the server must do about it. Most are
/// rejected outright; about one in ten is well-formed but wrong (unknown method, bad arguments) and gets an ERR.
/// </summary>
public sealed class MalformedMessageGenerator(int seed, int maxMessageBytes)
{
    private readonly Random _random = new(seed);
    private long _count;
    private long _slot14;

    /// <summary>How many messages of each category were produced.</summary>
    public Dictionary<string, long> Categories { get; } = new(StringComparer.Ordinal);

    public byte[] Next(out FuzzOutcome outcome)
    {
        var slot = _count++ % 20;
        outcome = FuzzOutcome.Rejected;
        switch (slot)
        {
            case 0 or 1 or 2 or 3:
                return Count("random_bytes", RandomBytes());
            case 4 or 5 or 6:
                return Count("truncated_msgpack", Truncated());
            case 7 or 8:
                return Count("wrong_event_shape", WrongShape());
            case 9 or 10:
                return Count("huge_declared_length", HugeDeclaredLength());
            case 11 or 12:
                return Count("wrong_header_types", WrongHeaderTypes());
            case 13:
                outcome = FuzzOutcome.Answered;
                return Count("unknown_method", RawEvent.Request($"no_such_method_{_random.Next(1000)}", RawEvent.Args((ref MessagePackWriter w) => w.Write(1))));
            case 14:
                // Oversized messages are costly to send; one in ten of this slot, the rest are too deep.
                return _slot14++ % 10 == 0 ? Count("oversized_payload", Oversized()) : Count("too_deep", RawEvent.Request("echo", RawEvent.Args(RawEvent.Nested(_random.Next(100, 2000)))));
            case 15:
                return Count("trailing_bytes", [.. ValidEcho(), .. RandomBytes(1, 8)]);
            case 16:
                outcome = FuzzOutcome.Dropped;
                return Count("unknown_channel", RawEvent.OnUnknownChannel(_random.Next(2) == 0 ? "OK" : "_zpc_hb"));
            case 17:
                return Count("invalid_type_code", InvalidCode());
            case 18:
                outcome = FuzzOutcome.Answered;
                return Count("wrong_argument_types", WrongArgumentTypes());
            default:
                return Count("bad_name", BadName());
        }
    }

    private byte[] Count(string category, byte[] blob)
    {
        Categories[category] = Categories.GetValueOrDefault(category) + 1;
        return blob;
    }

    private byte[] RandomBytes(int min = 1, int max = 257)
    {
        var bytes = new byte[_random.Next(min, max)];
        _random.NextBytes(bytes);
        // 0x93 0x8x... could start a real event; keep random blobs from ever opening with the event's array header.
        if (bytes[0] == 0x93)
        {
            bytes[0] = 0xc1;
        }
        return bytes;
    }

    private static byte[] ValidEcho() =>
        RawEvent.Request("echo", RawEvent.Args((ref MessagePackWriter w) => w.Write("fuzz")));

    private byte[] Truncated()
    {
        var full = ValidEcho();
        return full[.._random.Next(0, full.Length)];
    }

    private byte[] WrongShape()
    {
        var id = RawEvent.NewId();
        return _random.Next(6) switch
        {
            0 => RawEvent.Write((ref MessagePackWriter w) => w.WriteArrayHeader(0)),
            1 => RawEvent.Write((ref MessagePackWriter w) => w.WriteArrayHeader(2), RawEvent.Header(id), (ref MessagePackWriter w) => w.Write("echo")),
            2 => RawEvent.Write((ref MessagePackWriter w) => w.WriteArrayHeader(4), RawEvent.Header(id), (ref MessagePackWriter w) => w.Write("echo"),
                RawEvent.Args((ref MessagePackWriter w) => w.Write(1)), (ref MessagePackWriter w) => w.WriteNil()),
            3 => RawEvent.Write(RawEvent.Header(id)),
            4 => RawEvent.Write((ref MessagePackWriter w) => w.Write("echo")),
            _ => RawEvent.Write((ref MessagePackWriter w) => w.Write(_random.NextDouble())),
        };
    }

    private byte[] HugeDeclaredLength()
    {
        // Small messages whose headers claim up to 4 GiB or 4 billion elements.
        WriteValue liar = _random.Next(5) switch
        {
            0 => RawEvent.Raw(0xdd, 0xff, 0xff, 0xff, 0xff),             // array32 of 2^32-1
            1 => RawEvent.Raw(0xdf, 0xff, 0xff, 0xff, 0xff),             // map32 of 2^32-1 pairs
            2 => RawEvent.Raw(0xdb, 0xff, 0xff, 0xff, 0xff, 0x41, 0x42), // str32 of 4 GiB, 2 bytes present
            3 => RawEvent.Raw(0xc6, 0xff, 0xff, 0xff, 0xff, 0x00),       // bin32 of 4 GiB
            _ => RawEvent.Raw(0xc9, 0xff, 0xff, 0xff, 0xff, 0x01),       // ext32 of 4 GiB
        };
        return _random.Next(2) == 0
            ? RawEvent.Write(liar)
            : RawEvent.Request("echo", RawEvent.Args(liar));
    }

    private byte[] WrongHeaderTypes()
    {
        WriteValue header = _random.Next(7) switch
        {
            0 => (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.Write("message_id"); w.Write(RawEvent.NewId()); },
            1 => (ref MessagePackWriter w) => { w.WriteMapHeader(2); w.Write("message_id"); w.Write(_random.Next()); w.Write("v"); w.Write(3); },
            2 => (ref MessagePackWriter w) => { w.WriteMapHeader(1); w.Write("message_id"); w.WriteNil(); },
            3 => (ref MessagePackWriter w) => { w.WriteMapHeader(1); w.Write("v"); w.Write(3); },
            4 => (ref MessagePackWriter w) => { w.WriteMapHeader(2); w.Write(1); w.Write(RawEvent.NewId()); w.Write("v"); w.Write(3); },
            5 => (ref MessagePackWriter w) => { w.WriteMapHeader(2); w.Write("message_id"); w.Write(RawEvent.NewId()); w.Write("response_to"); w.WriteMapHeader(0); },
            _ => (ref MessagePackWriter w) => { w.WriteMapHeader(1); w.Write("message_id"); w.Write(Array.Empty<byte>()); },
        };
        return RawEvent.Write((ref MessagePackWriter w) => w.WriteArrayHeader(3), header, (ref MessagePackWriter w) => w.Write("echo"),
            RawEvent.Args((ref MessagePackWriter w) => w.Write(1)));
    }

    private byte[] BadName()
    {
        WriteValue name = _random.Next(4) switch
        {
            0 => (ref MessagePackWriter w) => w.Write(42),
            1 => (ref MessagePackWriter w) => w.WriteNil(),
            2 => (ref MessagePackWriter w) => w.Write(""),
            _ => (ref MessagePackWriter w) => w.WriteArrayHeader(0),
        };
        return RawEvent.Write((ref MessagePackWriter w) => w.WriteArrayHeader(3), RawEvent.Header(RawEvent.NewId()), name,
            RawEvent.Args((ref MessagePackWriter w) => w.Write(1)));
    }

    private byte[] Oversized()
    {
        var payload = new byte[maxMessageBytes + _random.Next(1, 64 * 1024)];
        return RawEvent.Request("echo", RawEvent.Args((ref MessagePackWriter w) => w.Write(payload)));
    }

    private byte[] InvalidCode() =>
        RawEvent.Request("echo", RawEvent.Args(RawEvent.Raw(0xc1)));

    private byte[] WrongArgumentTypes() => _random.Next(3) switch
    {
        // sleep(seconds: double): a string, a map, or too many arguments.
        0 => RawEvent.Request("sleep", RawEvent.Args((ref MessagePackWriter w) => w.Write("soon"))),
        1 => RawEvent.Request("sleep", RawEvent.Args((ref MessagePackWriter w) => w.WriteMapHeader(0))),
        _ => RawEvent.Request("sleep", (ref MessagePackWriter w) => { w.WriteArrayHeader(3); w.Write(1); w.Write(2); w.Write(3); }),
    };
}
