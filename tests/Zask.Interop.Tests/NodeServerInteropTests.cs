using System.Diagnostics;
using Zask.Interop.Tests.Support;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;

namespace Zask.Interop.Tests;

/// <summary>Our C# client calling a real zerorpc-node 0.9.8 server (tests/interop/node/server.js).</summary>
public sealed class NodeServerInteropTests : IClassFixture<NodeServerFixture>
{
    private readonly NodeServerFixture _node;

    public NodeServerInteropTests(NodeServerFixture node) => _node = node;

    [InteropFact]
    public async Task Hello_returns_the_greeting()
    {
        using var client = Connect();

        var greeting = await client.CallAsync<string>("hello", "World");

        greeting.Should().Be("Hello, World!");
    }

    [InteropFact]
    public async Task Add_returns_a_float_for_a_float_operand_and_an_integer_for_integers()
    {
        using var client = Connect();

        (await client.CallAsync<double>("add", 2, 3.5)).Should().Be(5.5);
        (await client.CallAsync<long>("add", 2, 3)).Should().Be(5);
        // msgpack-lite packs an integral JS number as a msgpack int, so the raw value is an integer type.
        PlainValues.Normalize(await client.CallAsync("add", 2, 3)).Should().Be(5L);
    }

    [InteropFact]
    public async Task Echo_round_trips_a_map_with_nested_array_nil_and_bool()
    {
        using var client = Connect();
        var sent = new Dictionary<string, object?>
        {
            ["list"] = new object?[] { 1L, "two", null, true },
            ["flag"] = false,
            ["none"] = null,
            ["nested"] = new Dictionary<string, object?> { ["x"] = 1.5, ["deeper"] = new object?[] { new object?[] { -7L } } },
        };

        var echoed = await client.CallAsync("echo", sent);

        PlainValues.Normalize(echoed).Should().BeEquivalentTo(PlainValues.Normalize(sent),
            o => o.RespectingRuntimeTypes().WithStrictOrdering());
    }

    [InteropFact]
    public async Task Echo_round_trips_bytes_as_bin()
    {
        using var client = Connect();

        // msgpack-lite decodes bin to a Buffer and packs it back as bin: bytes stay bytes.
        var echoed = await client.CallAsync("echo", new byte[] { 0, 255 });

        echoed.Should().BeOfType<byte[]>().Which.Should().Equal(0, 255);
    }

    [InteropFact]
    public async Task Echo_round_trips_a_unicode_string()
    {
        using var client = Connect();

        var echoed = await client.CallAsync("echo", "héllo, wörld ✓");

        echoed.Should().Be("héllo, wörld ✓");
    }

    [InteropFact]
    public async Task Echo_of_long_MaxValue_comes_back_as_a_float64_from_node()
    {
        using var client = Connect();

        var echoed = await client.CallAsync("echo", long.MaxValue);

        // Not a round trip, by design of the peer (protocol §14): JavaScript numbers are doubles, so msgpack-lite
        // turns 2^63-1 into 9223372036854775808.0 and packs it back as a float64. Our client must read that float.
        echoed.Should().BeOfType<double>().Which.Should().Be(9223372036854775808d);
    }

    [InteropFact]
    public async Task Range_streams_300_items_thanks_to_our_credits()
    {
        using var client = Connect();

        // zerorpc-node streams only as far as the _zpc_more credits our client grants.
        var items = await client.StreamAsync<long>("range", 300).ToListAsync();

        items.Should().Equal(Enumerable.Range(0, 300).Select(i => (long)i));
    }

    [InteropFact]
    public async Task Range_0_streams_nothing()
    {
        using var client = Connect();

        // zerorpc-node answers a stream without items with OK [nil], which our client reads as an empty stream.
        var items = await client.StreamAsync<long>("range", 0).ToListAsync();

        items.Should().BeEmpty();
    }

    [InteropFact]
    public async Task Fail_raises_a_RemoteException_with_the_node_error()
    {
        using var client = Connect();

        var act = () => client.CallAsync<object?>("fail", "boom");

        var error = (await act.Should().ThrowAsync<RemoteException>()).Which;
        // server.js names its error "Error" (a JS Error), not Python's ValueError; the traceback is the JS stack.
        error.Name.Should().Be("Error");
        error.RemoteMessage.Should().Be("boom");
        error.RemoteTraceback.Should().Contain("boom");
    }

    [InteropFact]
    public async Task Unknown_method_times_out_because_node_never_answers()
    {
        using var client = Connect();
        var started = Stopwatch.GetTimestamp();

        // The 60 s WaitAsync is a hang guard only; it would throw a plain TimeoutException, not ours.
        var act = () => client.CallWithOptionsAsync<object?>("no_such_method", new CallOptions(Timeout: TimeSpan.FromSeconds(1)))
            .WaitAsync(TimeSpan.FromSeconds(60));

        // zerorpc-node ignores unknown methods (protocol §14): no ERR comes, only our own timeout.
        var timeout = (await act.Should().ThrowAsync<TimeoutExpiredException>()).Which;
        timeout.Method.Should().Be("no_such_method");
        timeout.Timeout.Should().Be(TimeSpan.FromSeconds(1));
        // A lower bound only, and it is the feature: the call did not give up before its timeout.
        Stopwatch.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
    }

    [InteropFact]
    public async Task Sleep_3_seconds_survives_on_heartbeats()
    {
        using var client = Connect();

        // 3 heartbeat periods: each side must send _zpc_hb in time or the other declares it lost.
        var slept = await client.CallWithOptionsAsync<long>("sleep", new CallOptions(Timeout: TimeSpan.FromSeconds(10)), 3);

        slept.Should().Be(3, "the Node server log was: {0}", _node.ServerLog);
    }

    [InteropFact]
    public async Task Zerorpc_inspect_lists_the_node_methods()
    {
        using var client = Connect();

        var inspect = PlainValues.Normalize(await client.CallAsync("_zerorpc_inspect"));

        var methods = inspect.Should().BeAssignableTo<IDictionary<string, object?>>().Which["methods"]
            .Should().BeAssignableTo<IDictionary<string, object?>>().Which;
        methods.Keys.Should().Contain(["hello", "add", "echo", "range", "fail", "sleep"]);
        methods["add"].Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["doc"] = "",
            ["args"] = new List<object?>
            {
                new Dictionary<string, object?> { ["name"] = "a" },
                new Dictionary<string, object?> { ["name"] = "b" },
            },
        });
    }

    [InteropFact]
    public async Task Zerorpc_ping_answers_pong()
    {
        using var client = Connect();

        var pong = PlainValues.Normalize(await client.CallAsync("_zerorpc_ping"));

        pong.Should().BeEquivalentTo(new List<object?> { "pong", "" });
    }

    private ZeroRpcClient Connect()
    {
        var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Timeout = TimeSpan.FromSeconds(10),
            Heartbeat = HeartbeatOptions.FromSeconds(NodeServerFixture.HeartbeatMilliseconds / 1000.0),
        });
        client.Connect(_node.Endpoint);
        return client;
    }
}
