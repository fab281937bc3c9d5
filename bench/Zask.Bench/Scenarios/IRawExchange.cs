using NetMQ.Sockets;

namespace Zask.Bench.Scenarios;

/// <summary>One kind of message a <see cref="RawDealerClient"/> sends, and how it reads the reply.</summary>
internal interface IRawExchange
{
    /// <summary>Sends one message that carries <paramref name="timestamp"/>.</summary>
    void Send(DealerSocket dealer, long timestamp);

    /// <summary>Receives one whole reply and returns the timestamp its request carried; <c>null</c> on timeout.</summary>
    long? Receive(DealerSocket dealer, TimeSpan timeout);
}
