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
        var etcd = new Uri(EtcdTestServers.RequireSingle());
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

    [EtcdFact]
    public async Task Call_through_the_registry_sends_the_access_key_to_a_showcase_that_requires_one()
    {
        var registry = NewRegistry();
        using var folder = new TempDir("zask-cli-key-");
        var config = ShowcaseChild.WriteConfig(folder, "showcase", $$"""{ "registry": "{{registry}}", "default": "1.0", "client_keys": ["cli-key"] }""");
        using var showcase = await ShowcaseChild.StartAsync(BuildOutputs.Showcase, config, FreePort.Endpoint());
        var settings = EtcdRegistrySettings.Create(registry, "test", environment: _ => null);
        await Eventually.True(async () => (await EtcdServiceCatalog.ListAsync(settings)).Count == 1, "the showcase registered");

        var withKey = await Cli.RunAsync("call", "--registry", registry, "--service", "showcase", "--access-key", "cli-key", "hello", "zask");
        var withoutKey = await Cli.RunAsync("call", "--registry", registry, "--service", "showcase", "hello", "zask");
        var wrongKey = await Cli.RunAsync("call", "--registry", registry, "--service", "showcase", "--access-key", "other", "hello", "zask");
        var direct = await Cli.RunAsync("call", showcase.Endpoint, "--access-key", "cli-key", "hello", "zask");

        withKey.ExitCode.Should().Be(0, withKey.ToString());
        withKey.Lines.Should().Equal("Hello, zask!");
        direct.ExitCode.Should().Be(0, direct.ToString());
        direct.Lines.Should().Equal("Hello, zask!");
        withoutKey.ExitCode.Should().NotBe(0);
        withoutKey.Stderr.Should().Contain("NoSuchAccessKey");
        wrongKey.ExitCode.Should().NotBe(0);
        wrongKey.Stderr.Should().Contain("NoSuchAccessKey");
    }

    [Fact]
    public async Task Access_key_with_config_is_refused()
    {
        var result = await Cli.RunAsync("call", "--config", "settings.json", "--service", "a", "--access-key", "k", "hello");

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain("--access-key goes with ENDPOINT or --registry");
    }
}
