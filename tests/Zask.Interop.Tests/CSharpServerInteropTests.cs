using System.Text.Json;
using System.Text.Json.Nodes;
using Zask.Interop.Tests.Support;

namespace Zask.Interop.Tests;

/// <summary>A real zerorpc-node 0.9.8 client (tests/interop/node/client.js) calling our showcase server.</summary>
public sealed class CSharpServerInteropTests : IClassFixture<ShowcaseServerFixture>
{
    private readonly ShowcaseServerFixture _server;

    public CSharpServerInteropTests(ShowcaseServerFixture server) => _server = server;

    [InteropFact]
    public async Task Hello_returns_the_greeting()
    {
        var result = await CallAsync("hello", "\"World\"");

        result.Ok.GetString().Should().Be("Hello, World!", "client.js said {0}", result);
    }

    [InteropFact]
    public async Task Add_keeps_integers_integral_and_adds_floats()
    {
        var integers = await CallAsync("add", "2", "3");
        var floats = await CallAsync("add", "2", "3.5");

        integers.Ok.GetRawText().Should().Be("5", "client.js said {0}", integers);
        floats.Ok.GetDouble().Should().Be(5.5, "client.js said {0}", floats);
    }

    [InteropFact]
    public async Task Echo_round_trips_a_map_with_nested_array_nil_bool_and_bytes()
    {
        const string sent = """{"list":[1,"two",null,true],"flag":false,"none":null,"nested":{"x":1.5,"data":{"$bin":"00ff"}}}""";

        var result = await CallAsync("echo", sent);

        JsonNode.DeepEquals(JsonNode.Parse(result.Ok.GetRawText()), JsonNode.Parse(sent))
            .Should().BeTrue("echo must return {0} unchanged, but client.js said {1}", sent, result);
    }

    [InteropFact]
    public async Task Echo_round_trips_bytes_as_bin()
    {
        // client.js prints a Buffer as {"$bin": hex}: a str reply would print as a plain string instead.
        var result = await CallAsync("echo", """{"$bin":"00ff"}""");

        result.Ok.GetRawText().Should().Be("""{"$bin":"00ff"}""", "client.js said {0}", result);
    }

    [InteropFact]
    public async Task Range_300_streams_every_item_honouring_node_credits()
    {
        var result = await CallAsync(["range", "300"], stream: true);

        result.Stream.EnumerateArray().Select(e => e.GetInt64()).Should().Equal(Enumerable.Range(0, 300).Select(i => (long)i),
            "client.js said {0}", result);
    }

    [InteropFact]
    public async Task Range_0_is_an_empty_stream_ended_by_STREAM_DONE()
    {
        var result = await CallAsync(["range", "0"], stream: true, trace: true);

        result.Stream.GetArrayLength().Should().Be(0, "client.js said {0}", result);
        // Unlike zerorpc-node (OK [nil]), our server ends an empty stream with STREAM_DONE.
        result.Stderr.Should().Contain("recv STREAM_DONE");
    }

    [InteropFact]
    public async Task Fail_returns_ValueError_with_the_message()
    {
        var result = await CallAsync("fail", "\"boom\"");

        result.ExitCode.Should().Be(0, "an ERR from the server is not a local error: {0}", result);
        result.Error.GetProperty("name").GetString().Should().Be("ValueError");
        result.Error.GetProperty("message").GetString().Should().Be("boom");
    }

    [InteropFact]
    public async Task Stream_fail_streams_its_items_then_returns_the_error()
    {
        var result = await CallAsync(["stream_fail", "2"], stream: true, trace: true);

        result.Error.GetProperty("name").GetString().Should().Be("RuntimeError", "client.js said {0}", result);
        result.Error.GetProperty("message").GetString().Should().Be("stream failed");
        // The items came before the ERR (client.js reports only the error, its trace shows the events).
        result.Stderr.Should().Contain("recv STREAM 0 ").And.Contain("recv STREAM 1 ");
    }

    [InteropFact]
    public async Task Sleep_3_seconds_survives_on_heartbeats()
    {
        // zerorpc-node's client declares the server lost after 2 silent periods: our server must beat every second.
        var result = await CallAsync(["sleep", "3"], trace: true);

        result.Ok.GetRawText().Should().Be("3", "client.js said {0}", result);
        result.Stderr.Should().Contain("recv _zpc_hb");
    }

    [InteropFact]
    public async Task Unknown_method_returns_NameError_like_python()
    {
        var result = await CallAsync("no_such_method");

        result.ExitCode.Should().Be(0, "our server answers rather than letting the caller time out: {0}", result);
        result.Error.GetProperty("name").GetString().Should().Be("NameError");
        result.Error.GetProperty("message").GetString().Should().Contain("no_such_method");
    }

    [InteropFact]
    public async Task Zerorpc_inspect_lists_the_showcase_methods()
    {
        var result = await CallAsync("_zerorpc_inspect");

        var methods = result.Ok.GetProperty("methods");
        methods.EnumerateObject().Select(p => p.Name).Should()
            .Contain(["hello", "add", "echo", "range", "fail", "stream_fail", "sleep"], "client.js said {0}", result);
        methods.GetProperty("hello").GetProperty("args").EnumerateArray()
            .Select(a => a.GetProperty("name").GetString()).Should().Equal("name");
        result.Ok.GetProperty("name").GetString().Should().Be("showcase");
    }

    private Task<NodeClientResult> CallAsync(string method, params string[] jsonArgs) =>
        CallAsync([method, .. jsonArgs]);

    private Task<NodeClientResult> CallAsync(string[] methodAndArgs, bool stream = false, bool trace = false) =>
        NodeClient.RunAsync(_server.Endpoint, methodAndArgs[0], methodAndArgs[1..], ShowcaseServerFixture.HeartbeatMilliseconds,
            stream, trace);
}
