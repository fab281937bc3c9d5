using System.Diagnostics;
using System.Reflection;
using DocsSamples;
using Zask.Docs.Tests.Support;
using Zask.Telemetry;
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

    [Fact]
    public void Each_telemetry_and_health_key_is_a_row_of_the_defaults_table()
    {
        var configuration = File.ReadAllText(Path.Combine(RepoPaths.Docs, "configuration.md"));
        var defaults = configuration[configuration.IndexOf("## Defaults", StringComparison.Ordinal)..];
        var keys = typeof(TelemetryKeys).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        keys.Should().Contain(TelemetryKeys.PrometheusEndpoint);
        keys.Add("HEALTH_HTTP_ENDPOINT");

        foreach (var key in keys)
        {
            defaults.Should().Contain($"\n| `{key}` |", "docs/configuration.md lists every key with its default");
        }
    }
}
