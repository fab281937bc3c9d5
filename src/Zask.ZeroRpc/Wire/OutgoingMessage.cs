using System.Buffers;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// One event ready to send: the envelope to route it (ROUTER only) and the encoded blob in a rented buffer,
/// which the I/O thread returns to the pool once the frames are handed to ZeroMQ.
/// </summary>
internal readonly struct OutgoingMessage
{
    public OutgoingMessage(byte[][]? envelope, byte[] rentedBuffer, int length, ISendFailureObserver? observer = null,
        bool moreFollow = false)
    {
        Envelope = envelope;
        RentedBuffer = rentedBuffer;
        Length = length;
        Observer = observer;
        MoreFollow = moreFollow;
    }

    /// <summary>
    /// More messages are about to be sent (other calls are in flight, their replies will send the next requests): the
    /// transport may hold this one briefly to write them together.
    /// </summary>
    public bool MoreFollow { get; }

    /// <summary>Who to tell when the message cannot be sent.</summary>
    public ISendFailureObserver? Observer { get; }

    public byte[][]? Envelope { get; }

    public byte[] RentedBuffer { get; }

    public int Length { get; }

    public ReadOnlySpan<byte> Blob => RentedBuffer.AsSpan(0, Length);

    public void Release() => ArrayPool<byte>.Shared.Return(RentedBuffer);
}
