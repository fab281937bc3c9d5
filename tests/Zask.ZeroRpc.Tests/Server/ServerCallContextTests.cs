using System.Text;

namespace Zask.ZeroRpc.Tests.Server;

/// <summary>
/// What a method or a middleware learns about the call it serves: service, method, call id, peer and the request
/// headers as a read-only map, over real sockets with a real client's task context.
/// </summary>
public class ServerCallContextTests
{
    [ZeroRpcService("ctx")]
    public sealed class ContextService
    {
        public Dictionary<string, object?> Describe(ServerCallContext call) => new()
        {
            ["service"] = call.ServiceName,
            ["method"] = call.MethodName,
            ["call_id"] = call.CallId,
            ["peer"] = call.Peer,
            ["message_id"] = call.GetRequestHeaderString("message_id"),
            ["tenant"] = call.GetRequestHeaderString("tenant"),
            ["blob"] = call.GetRequestHeaderString("blob"),
            ["absent"] = call.GetRequestHeaderString("absent"),
            ["keys"] = call.RequestHeaders.Keys.ToArray(),
            ["v"] = call.RequestHeaders["v"],
            ["mutable"] = call.RequestHeaders is IDictionary<string, object?>,
        };
    }

    /// <summary>Adds a text and a binary task-context key to every request, as a caller's middleware would.</summary>
    private sealed class TenantHeaders : IZeroRpcMiddleware
    {
        public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
        {
            if (call is not null)
            {
                header["tenant"] = "acme";
                header["blob"] = Encoding.UTF8.GetBytes("raw bytes");
            }
        }
    }

    [Fact]
    public async Task A_call_sees_its_service_method_id_peer_and_headers()
    {
        await using var server = new ZeroRpcServer(new ContextService());
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        await using var client = Connect(endpoint);

        var first = await client.CallAsync<Dictionary<string, object?>>("describe");
        var second = await client.CallAsync<Dictionary<string, object?>>("describe");

        first["service"].Should().Be("ctx");
        first["method"].Should().Be("describe");
        first["call_id"].Should().BeOfType<string>().Which.Should().NotBeEmpty();
        first["message_id"].Should().Be(first["call_id"], "the call id is the request's message_id as text");
        second["call_id"].Should().NotBe(first["call_id"], "each call has its own id");
        first["tenant"].Should().Be("acme");
        first["blob"].Should().Be("raw bytes", "a bin header value reads as UTF-8 text");
        first["absent"].Should().BeNull();
        first["v"].Should().Be(3);
        ((object?[])first["keys"]!).Should().Equal("message_id", "v", "tenant", "blob");
        first["mutable"].Should().Be(false, "the request headers are read-only");
        first["peer"].Should().BeOfType<string>().Which.Should().NotBeEmpty();
        second["peer"].Should().Be(first["peer"], "both calls came over the same connection");

        await using var other = Connect(endpoint);
        var fromOther = await other.CallAsync<Dictionary<string, object?>>("describe");
        fromOther["peer"].Should().NotBe(first["peer"], "another client has its own connection");
    }

    [Fact]
    public async Task Middlewares_read_the_same_headers_before_the_method_runs()
    {
        var seen = new List<string?>();
        await using var server = new ZeroRpcServer(new ContextService(), new ZeroRpcServerOptions
        {
            Context = new ZeroRpcContext(new HeaderReader(seen)),
        });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        await using var client = Connect(endpoint);

        var described = await client.CallAsync<Dictionary<string, object?>>("describe");

        seen.Should().Equal("acme", "describe", described["call_id"] as string);
    }

    private sealed class HeaderReader(List<string?> seen) : IZeroRpcMiddleware
    {
        public void LoadTaskContext(ServerCallContext call)
        {
            seen.Add(call.RequestHeaders.TryGetValue("tenant", out var tenant) ? tenant as string : null);
            seen.Add(call.MethodName);
            seen.Add(call.CallId);
        }
    }

    private static ZeroRpcClient Connect(string endpoint)
    {
        var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Timeout = TimeSpan.FromSeconds(10),
            Context = new ZeroRpcContext(new TenantHeaders()),
        });
        client.Connect(endpoint);
        return client;
    }
}
