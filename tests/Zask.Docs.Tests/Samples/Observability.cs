using System.Diagnostics;
using Zask.ZeroRpc.Client;

namespace DocsSamples;

public static class Observability
{
    /// <summary>The caller's span, the span current during the call's client hooks, and the span current after.</summary>
    public static async Task<(Activity? Before, Activity? After, long Total)> CallInsideASpanAsync(ActivitySource mySource, ZeroRpcClient client)
    {
        #region docs:observability-client-span
        using var work = mySource.StartActivity("nightly-report");   // the caller's span
        var total = await client.CallAsync<long>("count_orders");     // a Client span, child of nightly-report
        // here Activity.Current is nightly-report again
        #endregion
        return (work, Activity.Current, total);
    }
}
