namespace Zask.Zmtp.Tests.Framing;

/// <summary>
/// Bytes libzmq 4.3.4 (Debian's python3-zmq) wrote to a raw Python socket that played the other end, captured with
/// pyzmq on this machine: a DEALER's staged greeting and READY, a message, an identified DEALER, a SUB's subscription.
/// </summary>
internal static class LibzmqCaptures
{
    /// <summary>Stage one: signature, padding = identity length + 1 (no identity).</summary>
    public const string DealerSignature = "ff00000000000000017f";

    /// <summary>Stage two, sent once our signature was in: the major version.</summary>
    public const string Major = "03";

    /// <summary>Stage three, sent once our major was in: minor 1, "NULL", as-server 0, filler.</summary>
    public const string Rest = "014e554c4c000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>A DEALER's READY frame (Socket-Type DEALER, empty Identity).</summary>
    public const string DealerReady = "04290552454144590b536f636b65742d54797065000000064445414c4552084964656e7469747900000000";

    /// <summary><c>send_multipart([b"", b"hello"])</c> from a DEALER.</summary>
    public const string EmptyThenHello = "0100000568656c6c6f";

    /// <summary>A DEALER with identity "abc": whole greeting (padding 4) then READY carrying the identity.</summary>
    public const string IdentifiedDealerGreetingAndReady =
        "ff00000000000000047f03014e554c4c000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "042c0552454144590b536f636b65742d54797065000000064445414c4552084964656e7469747900000003616263";

    /// <summary>A SUB after the handshake with a 3.1 PUB: READY, then <c>SUBSCRIBE "top"</c> as a command.</summary>
    public const string SubReadyThenSubscribe = "04190552454144590b536f636b65742d5479706500000003535542" + "040d09535542534352494245746f70";
}
