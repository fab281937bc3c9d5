namespace Zask.Bench.Reporting;

/// <summary>A measured ratio; <see cref="Value"/> is <c>null</c> when either side did not run.</summary>
internal sealed record RatioValue(RatioSpec Spec, double? Value)
{
    public bool? Met => Spec.Target is { } target && Value is { } value ? value >= target : null;
}
