using Zask.Registry.Etcd;
using Zask.Testing;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Server;

namespace Zask.Cli.Tests;

/// <summary><c>zask services</c> and <c>zask call --registry</c> against a real etcd and a real registered server.</summary>
public sealed class RegistryTests
{
    /// <summary>The service the registered server runs.</summary>
    public sealed class Greeter
    {
        public string Hello(string name) => $"hi {name}";
    }

    private static string NewRegistry()
    {
        var etcd = new Uri(EtcdFactAttribute.Url ?? throw new InvalidOperationException("ZASK_TEST_ETCD is not set: `source .ci/start-etcd.sh`"));
        return $"etcd://{etcd.Authority}/zask-cli-test-{Guid.NewGuid():N}";
    }

    private static async Task<(ZaskApp App, TempDir Folder)> StartServerAsync(string registry, string version)
    {
        var folder = new TempDir();
        var app = new ZaskApp(new ZaskAppOptions { Name = "greeter", RootPath = folder.Path, EnvironmentPrefix = null });
        app.Config.FromMapping([
            new("SHUTDOWN_GRACE_PERIOD", 2),
            new("ZERORPC_GREETER", new Dictionary<string, object?> { ["registry"] = registry, ["default"] = version, ["advertise"] = "127.0.0.1" }),
        ]);
        var rpc = new ZeroRpcExtension(app, BuiltinMiddlewares.ConfigEndpoint);
        rpc.Server(new Greeter(), new ZeroRpcServerOptions { Name = "greeter" }).Bind("tcp://0.0.0.0:0");
        await app.StartAsync();
        return (app, folder);
    }

    [EtcdFact]
    public async Task Services_lists_each_registered_endpoint_and_call_reaches_it_by_name()
    {
        var registry = NewRegistry();
        var (app, folder) = await StartServerAsync(registry, "2.0");
        try
        {
            var settings = EtcdRegistrySettings.Create(registry, "test", environment: _ => null);
            IReadOnlyList<ServiceInstance> registered = [];
            await Eventually.True(async () => (registered = await EtcdServiceCatalog.ListAsync(settings)).Count == 1, "the server registered");
            var endpoint = registered.Single().Endpoint;

            var listed = await Cli.RunAsync("services", "--registry", registry);
            listed.ExitCode.Should().Be(0, listed.ToString());
            listed.Lines.Should().HaveCount(2);
            listed.Lines[0].Should().StartWith("SERVICE");
            listed.Lines[1].Should().MatchRegex($@"^greeter\s+2\.0\s+{System.Text.RegularExpressions.Regex.Escape(endpoint)}\s+\d{{4}}-");

            var called = await Cli.RunAsync("call", "--registry", registry, "--service", "greeter", "hello", "zask");
            called.ExitCode.Should().Be(0, called.ToString());
            called.Lines.Should().Equal("hi zask");

            var wrongVersion = await Cli.RunAsync("call", "--registry", registry, "--service", "greeter", "--version", "9.9", "--timeout", "1", "hello", "zask");
            wrongVersion.ExitCode.Should().Be(2, wrongVersion.ToString());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            folder.Dispose();
        }
    }

    [EtcdFact]
    public async Task Call_of_a_service_nobody_registered_says_so()
    {
        var result = await Cli.RunAsync("call", "--registry", NewRegistry(), "--service", "nobody", "--timeout", "2", "hello");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("no server of nobody is registered");
    }

    [Fact]
    public async Task Registry_and_config_together_are_refused()
    {
        var result = await Cli.RunAsync("call", "--registry", "etcd://127.0.0.1:1/x", "--config", "settings.json", "--service", "a", "hello");

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain("either --config or --registry");
    }

    [Fact]
    public async Task Services_with_a_malformed_registry_names_the_problem()
    {
        var result = await Cli.RunAsync("services", "--registry", "http://127.0.0.1:2379");

        result.ExitCode.Should().Be(3, result.ToString());
        result.Stderr.Should().Contain("--registry");
    }
}
