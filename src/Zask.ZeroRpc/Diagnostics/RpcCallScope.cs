using System.Diagnostics;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>
/// What a call's start recorded, for its end: the method's telemetry, the span (when one is sampled) and whether
/// the call was counted as in flight (so a listener that attaches mid-call never sees an end without its start).
/// </summary>
internal readonly record struct RpcCallScope(MethodTelemetry? Method, Activity? Activity, bool CountedActive)
{
    /// <summary><c>true</c> when the call's end has something to report.</summary>
    public bool IsObserved => Method is not null;
}
