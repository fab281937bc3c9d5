using MessagePack;

namespace Zask.Bench.Micro;

/// <summary>Writes the args of a test event into a <see cref="MessagePackWriter"/>.</summary>
public delegate void MessageBody(ref MessagePackWriter writer);
