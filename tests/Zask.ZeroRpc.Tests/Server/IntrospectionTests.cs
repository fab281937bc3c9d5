namespace Zask.ZeroRpc.Tests.Server;

/// <summary>The built-in _zerorpc_* methods, in zerorpc-python's shapes.</summary>
public class IntrospectionTests : ShowcaseTest
{
    [Fact]
    public async Task Ping_and_name_report_the_declared_service_name()
    {
        (await Host.Client.CallAsync<string[]>("_zerorpc_ping")).Should().Equal("pong", "showcase");
        (await Host.Client.CallAsync<string>("_zerorpc_name")).Should().Be("showcase");
    }

    [Fact]
    public async Task List_gives_the_public_methods_sorted_without_the_builtins() =>
        (await Host.Client.CallAsync<string[]>("_zerorpc_list")).Should()
            .Equal("add", "add_user", "admin_reset", "count_users", "echo", "events_seen", "fail", "get_user", "header", "hello", "job_runs", "list_users", "range", "register", "sleep", "stream_fail");

    [Fact]
    public async Task Inspect_describes_arguments_defaults_and_docs()
    {
        var inspect = await Host.Client.CallAsync<Dictionary<string, object?>>("_zerorpc_inspect");
        inspect["name"].Should().Be("showcase");
        var methods = (Dictionary<object, object?>)inspect["methods"]!;
        var fail = (Dictionary<object, object?>)methods["fail"]!;
        fail["doc"].Should().Be("Always raise ValueError(message).");
        var args = ((object?[])fail["args"]!).Cast<Dictionary<object, object?>>().ToArray();
        args.Should().ContainSingle();
        args[0]["name"].Should().Be("message");
        args[0]["default"].Should().Be("boom");
        var sleep = (Dictionary<object, object?>)methods["sleep"]!;
        ((object?[])sleep["args"]!).Should().HaveCount(1, "the CancellationToken is not an argument");
    }

    [Fact]
    public async Task Help_and_args_describe_one_method_and_reject_unknown_ones()
    {
        (await Host.Client.CallAsync<string>("_zerorpc_help", "hello")).Should().Be("Return a greeting for name.");
        var spec = await Host.Client.CallAsync<object?[]>("_zerorpc_args", "fail");
        ((object?[])spec[0]!).Should().Equal("message");
        ((object?[])spec[3]!).Should().Equal("boom");
        var error = await FluentActions.Awaiting(() => Host.Client.CallAsync<string>("_zerorpc_help", "nope"))
            .Should().ThrowAsync<RemoteException>();
        error.Which.Name.Should().Be("KeyError");
    }
}
