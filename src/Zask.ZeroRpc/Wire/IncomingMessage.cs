namespace Zask.ZeroRpc.Wire;

/// <summary>One multipart message as received: the routing envelope (ROUTER only) and the event blob.</summary>
/// <param name="Envelope">
/// The identity frames before the delimiter, needed to route replies; <c>null</c> when none. It may be shared by
/// every message from the same peer: never modify it.
/// </param>
/// <param name="Blob">The last frame: the MessagePack-encoded event.</param>
/// <remarks>A struct: one per message received, so it should cost no allocation.</remarks>
internal readonly record struct IncomingMessage(byte[][]? Envelope, byte[] Blob);
