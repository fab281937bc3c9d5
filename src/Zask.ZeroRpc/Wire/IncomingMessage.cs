namespace Zask.ZeroRpc.Wire;

/// <summary>One multipart message as received: the routing envelope (ROUTER only) and the event blob.</summary>
/// <param name="Envelope">The identity frames before the delimiter, needed to route replies; <c>null</c> when none.</param>
/// <param name="Blob">The last frame: the MessagePack-encoded event.</param>
internal sealed record IncomingMessage(byte[][]? Envelope, byte[] Blob);
