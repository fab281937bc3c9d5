using System.Buffers.Binary;
using NetMQ;
using NetMQ.Sockets;

namespace Zask.Bench.Scenarios;

/// <summary>
/// The raw echo's message: 60 bytes that start with the send timestamp, alone or, as ZeroRPC frames every event,
/// after an empty delimiter frame.
/// </summary>
internal sealed class EchoExchange(bool delimited) : IRawExchange
{
    public const int MessageBytes = 60;

    private Msg _frame;

    public void Send(DealerSocket dealer, long timestamp)
    {
        if (delimited)
        {
            var empty = default(Msg);
            empty.InitEmpty();
            dealer.Send(ref empty, more: true);
            empty.Close();
        }
        var msg = default(Msg);
        msg.InitPool(MessageBytes);
        var span = msg.Slice();
        span.Fill((byte)'x');
        BinaryPrimitives.WriteInt64LittleEndian(span, timestamp);
        dealer.Send(ref msg, more: false);
        msg.Close();
    }

    public long? Receive(DealerSocket dealer, TimeSpan timeout)
    {
        if (_frame.IsInitialised is false)
        {
            _frame.InitEmpty();
        }
        if (!dealer.TryReceive(ref _frame, timeout))
        {
            return null;
        }
        // The body is the last frame; the delimiter, when there is one, comes before it.
        while (_frame.HasMore)
        {
            dealer.Receive(ref _frame);
        }
        return BinaryPrimitives.ReadInt64LittleEndian(_frame.Slice());
    }
}
