using System.Diagnostics;
using DocsSamples;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;

namespace Zask.Docs.Tests;

public class ObservabilityTests
{
    public sealed class Orders
    {
        public long CountOrders() => 42;
    }

    [Fact]
    public async Task The_caller_span_is_current_again_after_the_call_and_parents_the_client_span()
    {
        using var source = new ActivitySource("docs.observability." + Guid.NewGuid().ToString("N"));
        var clientSpans = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name || s.Name == Zask.ZeroRpc.Diagnostics.ZeroRpcDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Kind == ActivityKind.Client && a.Parent?.Source == source)
                {
                    clientSpans.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = new ZeroRpcServer(new Orders());
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        await using var client = new ZeroRpcClient();
        client.Connect(endpoint);

        var (before, after, total) = await Observability.CallInsideASpanAsync(source, client);

        total.Should().Be(42);
        before.Should().NotBeNull();
        after.Should().BeSameAs(before);
        clientSpans.Should().ContainSingle().Which.Parent.Should().BeSameAs(before);
    }
}
