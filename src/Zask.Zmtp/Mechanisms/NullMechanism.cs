using System.Text;
using Zask.Zmtp.Framing;

namespace Zask.Zmtp.Mechanisms;

/// <summary>
/// ZMTP's NULL mechanism: each side sends READY with its metadata without waiting (as libzmq does), and the handshake is
/// complete once the peer's READY is in. A peer's ERROR ends it with the peer's reason.
/// </summary>
internal sealed class NullMechanism : Mechanism
{
    /// <summary>The property naming the socket type (compared case-sensitively, as libzmq does).</summary>
    public const string SocketTypeProperty = "Socket-Type";

    /// <summary>The property carrying the routing identity.</summary>
    public const string IdentityProperty = "Identity";

    private readonly IReadOnlyDictionary<string, byte[]> _localProperties;
    private IReadOnlyDictionary<string, byte[]> _peerProperties = new Dictionary<string, byte[]>();
    private bool _ready;

    public NullMechanism(IReadOnlyDictionary<string, byte[]> localProperties)
    {
        _localProperties = localProperties;
    }

    public override string Name => "NULL";

    public override bool AsServer => false;

    public override bool IsReady => _ready;

    public override IReadOnlyDictionary<string, byte[]> PeerProperties => _peerProperties;

    public override void Start(List<byte[]> output)
    {
        var body = new byte[1 + Command.Ready.Length + Metadata.Length(_localProperties)];
        body[0] = (byte)Command.Ready.Length;
        Command.Ready.CopyTo(body.AsSpan(1));
        Metadata.Write(_localProperties, body.AsSpan(1 + Command.Ready.Length));
        output.Add(body);
    }

    public override void OnCommand(ReadOnlySpan<byte> command, List<byte[]> output)
    {
        var name = Command.Name(command);
        if (name.SequenceEqual(Command.Ready))
        {
            if (_ready)
            {
                throw new MechanismException("NULL: the peer sent READY twice");
            }
            try
            {
                _peerProperties = Metadata.Parse(Command.Data(command));
            }
            catch (ZmtpProtocolException ex)
            {
                throw new MechanismException("NULL: " + ex.Message);
            }
            _ready = true;
            return;
        }
        if (name.SequenceEqual(Command.Error))
        {
            var data = Command.Data(command);
            var reason = data.Length >= 1 && data.Length >= 1 + data[0] ? Encoding.ASCII.GetString(data.Slice(1, data[0])) : "(no reason)";
            throw new MechanismException($"NULL: the peer refused the handshake: {reason}");
        }
        throw new MechanismException($"NULL: unexpected command {Command.Printable(name)} during the handshake");
    }
}
