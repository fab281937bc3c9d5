using System.Diagnostics;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>
/// What a call's start recorded, for its end: the span (when one is sampled) and whether the call was counted as
/// in flight (so a listener that attaches mid-call never sees a decrement without its increment).
/// </summary>
internal readonly record struct RpcCallScope(Activity? Activity, bool CountedActive)
{
    /// <summary><c>true</c> when the call's end has something to report.</summary>
    public bool IsObserved => Activity is not null || CountedActive;
}
