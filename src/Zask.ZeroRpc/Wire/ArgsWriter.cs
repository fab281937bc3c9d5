using MessagePack;

namespace Zask.ZeroRpc.Wire;

/// <summary>Writes an event's args (one MessagePack value) from some state, without a closure per event.</summary>
internal delegate void ArgsWriter<TState>(ref MessagePackWriter writer, TState state);
