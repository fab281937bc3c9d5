using NetMQ;

namespace Zask.ZeroRpc.Hosting.Tests;

/// <summary>The options a caller passes to the extension are read, never written: one object can serve many services.</summary>
public class OptionsReuseTests
{
    [Fact]
    public async Task One_server_options_object_serves_two_services_and_stays_as_it_was()
    {
        var keys = new NetMQCertificate();
        await using var test = new TestApp(new
        {
            SHUTDOWN_GRACE_PERIOD = 3,
            ZERORPC_SHOWCASE = new Dictionary<string, object>
            {
                ["1.0"] = FreePort.Endpoint(), ["default"] = "1.0", ["access_key"] = "k",
                ["server_public_key"] = keys.PublicKeyZ85, ["server_secret_key"] = keys.SecretKeyZ85!,
            },
            ZERORPC_GUARDED = new Dictionary<string, object> { ["1.0"] = FreePort.Endpoint(), ["default"] = "1.0", ["access_key"] = "k" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var shared = new ZeroRpcServerOptions { MaxCallThreads = 7 };

        await using var showcase = rpc.Server(new ShowcaseService(), shared);
        await using var guarded = rpc.Server(new GuardedService(), shared);

        showcase.Name.Should().Be("showcase");
        guarded.Name.Should().Be("guarded", "the first service's name did not stick to the shared options");
        shared.Name.Should().BeNull();
        shared.Version.Should().BeNull();
        shared.Context.Should().BeNull();
        shared.Security.Should().BeNull("the showcase's CurveZMQ keys must not leak into the next service");
        shared.IncludeStackTraces.Should().BeNull();
        shared.LoggerFactory.Should().BeNull();
        shared.ShutdownGracePeriod.Should().Be(new ZeroRpcServerOptions().ShutdownGracePeriod);
        shared.MaxCallThreads.Should().Be(7);

        // The second server really serves in plaintext: a client without a server key gets an answer from it.
        guarded.EnsureBound();
        await using var client = rpc.Client("guarded");
        (await client.CallAsync<int>("touch")).Should().Be(1);
    }

    [Fact]
    public async Task One_client_options_object_serves_two_clients_and_stays_as_it_was()
    {
        var keys = new NetMQCertificate();
        await using var test = new TestApp(new
        {
            ZERORPC_SHOWCASE = new Dictionary<string, object>
            {
                ["1.0"] = FreePort.Endpoint(), ["default"] = "1.0", ["access_key"] = "k",
                ["server_public_key"] = keys.PublicKeyZ85, ["server_secret_key"] = keys.SecretKeyZ85!,
            },
            ZERORPC_GUARDED = new Dictionary<string, object> { ["1.0"] = FreePort.Endpoint(), ["default"] = "1.0", ["access_key"] = "k" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var shared = new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(9) };

        await using var showcase = rpc.Client("showcase", options: shared);
        await using var guarded = rpc.Client("guarded", options: shared);

        showcase.ServiceName.Should().Be("showcase");
        guarded.ServiceName.Should().Be("guarded");
        guarded.Timeout.Should().Be(TimeSpan.FromSeconds(9));
        shared.ServiceName.Should().BeNull();
        shared.ServiceVersion.Should().BeNull();
        shared.Context.Should().BeNull();
        shared.Security.Should().BeNull("the showcase's server key must not leak into the next client");
        shared.LoggerFactory.Should().BeNull();
    }
}
