namespace Zask.ZeroRpc.Wire;

/// <summary>
/// Bounds on what one incoming event may contain, so that a hostile or broken peer cannot exhaust memory or the
/// stack with a small message that declares huge or deeply nested contents.
/// </summary>
public sealed record DecodeLimits
{
    /// <summary>The defaults: 64 levels of nesting, a million values, 64 MiB per message.</summary>
    public static DecodeLimits Default { get; } = new();

    /// <summary>How deeply arrays and maps may nest inside one event (the event array itself is level 1).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>How many values (scalars, arrays, maps, map keys) one event may hold in all.</summary>
    public int MaxValues { get; init; } = 1_000_000;

    /// <summary>The largest message, in bytes, that is decoded at all.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024 * 1024;
}
