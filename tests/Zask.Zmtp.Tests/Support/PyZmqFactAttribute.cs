namespace Zask.Zmtp.Tests.Support;

/// <summary>A fact that talks to the pyzmq peer: skipped with the reason when it is missing, failed instead under ZASK_REQUIRE_INTEROP=1.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PyZmqFactAttribute : FactAttribute
{
    public PyZmqFactAttribute()
    {
        if (PyZmq.Problem is not null && !PyZmq.IsRequired)
        {
            Skip = $"pyzmq peer unavailable ({PyZmq.Problem}); enable with `apt-get install python3-zmq`, set ZASK_REQUIRE_INTEROP=1 to make this a failure";
        }
    }
}
