namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>Service name, version and access key in every request header, checked by the server.</summary>
public class CustomHeaderTests
{
    [Fact]
    public async Task The_client_sends_service_name_version_and_access_key()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = TestApp.ForShowcase(endpoint, "foo_client_key");
        var rpc = new ZeroRpcExtension(test.App);
        await using var server = rpc.Server(new ShowcaseService());
        server.EnsureBound();
        await using var client = rpc.Client("showcase");
        var header = await client.CallAsync<Dictionary<string, object?>>("header");
        header["service_name"].Should().Be("showcase");
        header["service_version"].Should().Be("1.0");
        header["access_key"].Should().Be("foo_client_key");
        header["v"].Should().Be((byte)3);
    }

    [Fact]
    public async Task A_wrong_or_missing_key_is_refused_before_the_method_runs_and_the_refusal_is_logged()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = TestApp.WithService("guarded", endpoint, "bad_key", ["good_key"]);
        var accessLog = test.AccessLogPath;
        var rpc = new ZeroRpcExtension(test.App);
        var guarded = new GuardedService();
        await using var server = rpc.Server(guarded);
        server.EnsureBound();
        await using var client = rpc.Client("guarded");
        var refused = await FluentActions.Awaiting(() => client.CallAsync<int>("touch")).Should().ThrowAsync<RemoteException>();
        refused.Which.Name.Should().Be("NoSuchAccessKey");

        // A plain client sends no key at all.
        await using var plain = new ZeroRpcClient();
        plain.Connect(endpoint);
        (await FluentActions.Awaiting(() => plain.CallAsync<int>("touch")).Should().ThrowAsync<RemoteException>())
            .Which.Name.Should().Be("NoSuchAccessKey");
        guarded.Calls.Should().Be(0, "a refused call never runs");

        await server.StopAsync();
        await test.App.DisposeAsync();
        var lines = File.ReadAllLines(accessLog);
        // A refused key is logged by a short prefix and a fingerprint, never whole.
        lines.Should().Contain(l => l.StartsWith("\"b…\" (7 characters, sha256:", StringComparison.Ordinal) && l.Contains("\"GuardedService\" - \"touch\" - ERROR - "));
        lines.Should().NotContain(l => l.Contains("bad_key"));
        lines.Should().Contain(l => l.StartsWith("None - [", StringComparison.Ordinal) && l.Contains("- ERROR -"));
    }

    [Fact]
    public async Task The_right_key_is_accepted_and_absent_client_keys_accept_any_key()
    {
        var strict = FreePort.Endpoint();
        var open = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            ZERORPC_GUARDED = new Dictionary<string, object>
            {
                ["1.0"] = strict, ["default"] = "1.0", ["access_key"] = "good_key", ["client_keys"] = new[] { "good_key", "other" },
            },
            ZERORPC_SHOWCASE = new Dictionary<string, object> { ["1.0"] = open, ["default"] = "1.0", ["access_key"] = "anything" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var guarded = new GuardedService();
        await using var guardedServer = rpc.Server(guarded);
        guardedServer.EnsureBound();
        await using var showcase = rpc.Server(new ShowcaseService());
        showcase.EnsureBound();
        await using var guardedClient = rpc.Client("guarded");
        (await guardedClient.CallAsync<int>("touch")).Should().Be(1);
        await using var showcaseClient = rpc.Client("showcase");
        (await showcaseClient.CallAsync<string>("hello", "any key")).Should().Be("Hello, any key!");
    }

    [Fact]
    public async Task A_different_version_is_refused_with_VersionNotMatch()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            // 2.0 points at the 1.0 server: the header, not the address, must catch the mismatch.
            ZERORPC_GUARDED = new Dictionary<string, object> { ["1.0"] = endpoint, ["2.0"] = endpoint, ["default"] = "1.0", ["access_key"] = "k" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var guarded = new GuardedService();
        await using var server = rpc.Server(guarded);
        server.EnsureBound();
        await using var client = rpc.Client("guarded", version: "2.0");
        var error = await FluentActions.Awaiting(() => client.CallAsync<int>("touch")).Should().ThrowAsync<RemoteException>();
        error.Which.Name.Should().Be("VersionNotMatch");
        guarded.Calls.Should().Be(0);
    }

    [Fact]
    public async Task A_client_without_a_configured_access_key_fails_with_MissingAccessKey()
    {
        await using var test = new TestApp(new
        {
            ZERORPC_GUARDED = new Dictionary<string, object> { ["1.0"] = FreePort.Endpoint(), ["default"] = "1.0" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        await using var client = rpc.Client("guarded");
        await FluentActions.Awaiting(() => client.CallAsync<int>("touch")).Should().ThrowAsync<MissingAccessKeyException>();
    }

    [Fact]
    public async Task Without_middlewares_nothing_is_added_or_checked()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            ZERORPC_GUARDED = new Dictionary<string, object> { ["1.0"] = endpoint, ["default"] = "1.0", ["client_keys"] = new[] { "only" } },
        });
        var rpc = new ZeroRpcExtension(test.App, BuiltinMiddlewares.None);
        var guarded = new GuardedService();
        await using var server = rpc.Server(guarded);
        server.Bind(endpoint);
        await using var client = rpc.Client("guarded");
        (await client.CallAsync<int>("touch")).Should().Be(1, "no custom header middleware enforces client_keys");
    }

    [Fact]
    public async Task Each_server_keeps_its_own_version()
    {
        var one = FreePort.Endpoint();
        var two = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            ZERORPC_GUARDED = new Dictionary<string, object> { ["1.0"] = one, ["2.0"] = two, ["default"] = "1.0", ["access_key"] = "k" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        await using var v1 = rpc.Server(new GuardedService(), new ZeroRpcServerOptions { Version = "1.0" });
        v1.EnsureBound();
        await using var v2 = rpc.Server(new GuardedService(), new ZeroRpcServerOptions { Version = "2.0" });
        v2.EnsureBound();
        await using var c1 = rpc.Client("guarded", "1.0");
        await using var c2 = rpc.Client("guarded", "2.0");
        (await c1.CallAsync<int>("touch")).Should().Be(1);
        (await c2.CallAsync<int>("touch")).Should().Be(1, "the 2.0 server checks its own version, not the last one made");
    }
}
