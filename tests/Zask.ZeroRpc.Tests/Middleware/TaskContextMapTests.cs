namespace Zask.ZeroRpc.Tests.Middleware;

/// <summary>
/// The map the <c>AddTaskContext</c> hooks fill for each outgoing event: one left empty is reused for the next
/// event, one that was filled belongs to its event for good.
/// </summary>
public class TaskContextMapTests
{
    /// <summary>Adds its key to every other event.</summary>
    private sealed class EveryOtherEvent : IZeroRpcMiddleware
    {
        private int _events;

        public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
        {
            if (_events++ % 2 == 1)
            {
                header["seq"] = _events;
            }
        }
    }

    [Fact]
    public void Hooks_that_add_nothing_cost_no_map_per_event()
    {
        var context = new ZeroRpcContext(new CustomHeaderMiddlewareStandIn());
        context.BuildTaskContext(null).Should().BeNull();

        var filled = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            filled += context.BuildTaskContext(null) is null ? 0 : 1;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        filled.Should().Be(0);
        allocated.Should().Be(0);
    }

    [Fact]
    public void A_filled_map_is_handed_over_and_never_reused()
    {
        var context = new ZeroRpcContext(new EveryOtherEvent());
        var handedOver = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 6; i++)
        {
            if (context.BuildTaskContext(null) is { } header)
            {
                handedOver.Add(header);
            }
        }

        handedOver.Select(header => header["seq"]).Should().Equal(2, 4, 6);
        handedOver.Distinct().Should().HaveCount(3, "each filled map stays with its event");
    }

    /// <summary>A middleware with a hook that looks at the map and adds nothing, as most do on most events.</summary>
    private sealed class CustomHeaderMiddlewareStandIn : IZeroRpcMiddleware
    {
        public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
        {
            _ = header.Count;
        }
    }
}
