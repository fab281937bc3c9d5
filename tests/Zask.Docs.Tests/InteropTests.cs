using DocsSamples;
using Zask.Docs.Tests.Support;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;

namespace Zask.Docs.Tests;

public class InteropTests
{
    public sealed class Failing
    {
        public void Fail() => throw new ZeroRpcException("ValueError", "boom");

        public void Crash() => throw new InvalidOperationException("not named");

        public async Task Sleep(CancellationToken cancellationToken) => await Task.Delay(10_000, cancellationToken);
    }

    [Fact]
    public async Task A_typed_interface_calls_the_service()
    {
        await using var server = new ZeroRpcServer(new Greeter());
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        var (hello, sum, items, pong) = await Interop.TypedAsync(endpoint);
        hello.Should().Be("Hello, World!");
        sum.Should().Be(5);
        items.Should().Equal(0, 1, 2);
        pong.Should().Equal("pong", "greeter");
    }

    [Fact]
    public async Task Records_travel_as_snake_case_maps()
    {
        await using var server = new ZeroRpcServer(new Profiles());
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        await using var client = new ZeroRpcClient();
        client.Connect(endpoint);
        var (typed, map, dynamic) = await Interop.ValuesAsync(client);
        typed.Should().Be(new UserProfile("ada", 3));
        map.Keys.Should().BeEquivalentTo("user_name", "login_count");
        map["user_name"].Should().Be("ada");
        var raw = dynamic.Should().BeOfType<Dictionary<object, object?>>().Subject;
        raw["user_name"].Should().Be("ada");
        raw["tags"].Should().BeOfType<object?[]>().Which.Should().Equal("a");
    }

    [Fact]
    public async Task Options_build_and_errors_are_told_apart()
    {
        var (configuredServer, configuredClient) = Interop.Configure();
        await configuredServer.DisposeAsync();
        await configuredClient.DisposeAsync();

        await using var server = new ZeroRpcServer(new Failing());
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        await using var client = new ZeroRpcClient();
        client.Connect(endpoint);
        (await Interop.ErrorsAsync(client, "fail")).Should().Be("ValueError: boom");
        (await Interop.ErrorsAsync(client, "crash")).Should().Be("InvalidOperationException: not named");
        (await Interop.ErrorsAsync(client, "nope")).Should().Be("NameError: nope");
        (await Interop.ErrorsAsync(client, "fail", 1, 2)).Should().StartWith("TypeError: fail() takes 0 arguments");
        (await Interop.ErrorsAsync(client, "sleep")).Should().Be("timeout");

        await using var nobody = new ZeroRpcClient();
        nobody.Connect(FreePort.Endpoint());
        (await Interop.ErrorsAsync(nobody, "fail")).Should().Be("unreachable");
    }

    [Fact]
    public async Task Camel_case_naming_serves_and_calls_camel_case_names()
    {
        (await Interop.CamelCaseAsync()).Should().Be(3);
    }
}
