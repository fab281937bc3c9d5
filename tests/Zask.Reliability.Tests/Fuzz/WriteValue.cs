using MessagePack;

namespace Zask.Reliability.Tests.Fuzz;

/// <summary>Writes one part of a hand-built event (MessagePackWriter is a ref struct, so no Action can take it).</summary>
public delegate void WriteValue(ref MessagePackWriter writer);
