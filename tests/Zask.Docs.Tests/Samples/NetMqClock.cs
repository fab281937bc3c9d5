using Microsoft.Extensions.Logging;
using Zask.ZeroRpc;

namespace DocsSamples;

public static class NetMqClock
{
    public static bool Run(ILogger logger)
    {
        #region docs:netmq-clock
        // First thing in Main, before any NetMQ socket of your own sends or receives.
        var onCounter = NetMqTimestampCounter.Enable();
        logger.LogInformation("NetMQ's clock: {Clock}", onCounter ? "time-stamp counter" : "stock, a poll per frame");
        #endregion
        return onCounter;
    }
}
