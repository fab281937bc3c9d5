using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace Zask.Tests;

/// <summary>
/// Any <see cref="IConfigurationSource"/> is a layer of the config: it takes its place in call order, its values are
/// read by the same typed rule, and a source that fails to load changes nothing.
/// </summary>
public sealed class ConfigurationSourceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CommandLineConfigurationSource CommandLine(params string[] args) => new() { Args = args };

    [Fact]
    public void Command_line_arguments_are_a_layer_with_nested_entries_read_whole()
    {
        _dir.File("settings.json", """{ "PORT": 4000, "NAME": "file", "ZERORPC_ORDERS": { "1.0": "tcp://file:1", "client_keys": ["a", "b", "c"] } }""");
        using var config = new Config(_dir.Path, null);
        config.FromFile("settings.json");

        config.Add(CommandLine(
            "--PORT=5000",
            "--DEBUG", "false",
            "--ZERORPC_ORDERS:1.0=tcp://cli:2",
            "--ZERORPC_ORDERS:client_keys:0=x",
            "--ZERORPC_ORDERS:client_keys:1=y"));

        config.GetInt("PORT").Should().Be(5000, "a number spelled as a string parses");
        config.GetBool("DEBUG").Should().BeFalse();
        config["NAME"].Should().Be("file", "keys the source does not set stay");
        var orders = config["ZERORPC_ORDERS"].Should().BeAssignableTo<IReadOnlyDictionary<string, object?>>().Subject;
        orders["1.0"].Should().Be("tcp://cli:2");
        orders["client_keys"].Should().BeAssignableTo<IReadOnlyList<object?>>().Which
            .Should().Equal(["x", "y"], "the highest layer setting an entry gives all of it: the file's third key does not survive");
        config.Configuration["ZERORPC_ORDERS:client_keys:2"].Should().BeNull("both views agree");
        config.Configuration["zerorpc_orders:client_keys:1"].Should().Be("y");
    }

    [Fact]
    public void A_source_is_placed_in_call_order_under_the_environment()
    {
        var prefix = Apps.UniquePrefix();
        using var env = new EnvScope().Set(prefix + "LEVEL", "env");
        using var config = new Config(_dir.Path, prefix);

        config.Add(new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { ["LEVEL"] = "memory", ["SECRET"] = "s3cret" } });
        config.FromMapping(new Dictionary<string, object?> { ["SECRET"] = "mapping" });

        config["LEVEL"].Should().Be("env");
        config["SECRET"].Should().Be("mapping", "a later layer wins");
        config.Remove("SECRET").Should().BeTrue();
        config["SECRET"].Should().Be("s3cret", "removing a Zask value uncovers the source's");
    }

    [Fact]
    public void A_custom_source_value_of_the_wrong_type_fails_typed_reads_and_the_app_build()
    {
        using var app = Apps.Isolated(_dir.Path);
        app.Config.Add(new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { ["DEBUG"] = "yes", ["SHUTDOWN_GRACE_PERIOD"] = "10" } });

        app.ShutdownGracePeriod.Should().Be(TimeSpan.FromSeconds(10));
        var read = () => app.Config.GetBool("DEBUG");
        read.Should().Throw<ConfigTypeException>().Where(e => e.Key == "DEBUG" && Equals(e.ActualValue, "yes"));
        var build = () => app.Build();
        build.Should().Throw<ConfigTypeException>().Where(e => e.Key == "DEBUG");
    }

    [Fact]
    public void A_source_that_fails_to_load_is_an_error_and_changes_nothing()
    {
        _dir.File("broken.json", "{ \"A\": ");
        using var config = new Config(_dir.Path, null);
        config["A"] = 1;
        var before = config.ToDictionary(p => p.Key, p => p.Value);

        var act = () => config.Add(new JsonConfigurationSource { Path = "broken.json", Optional = false });

        act.Should().Throw<ConfigException>().WithMessage("*JsonConfigurationSource*");
        config.Should().BeEquivalentTo(before);
        config.FromMapping(new Dictionary<string, object?> { ["B"] = 2 });
        config["B"].Should().Be(2, "the failed source was taken out, later loads work");
    }

    [Fact]
    public void The_app_hands_its_config_to_the_host_including_added_sources()
    {
        using var app = Apps.Isolated(_dir.Path);
        app.Config.Add(CommandLine("--FROM_SOURCE=yes"));
        app.Config["ASSIGNED"] = 3;

        var host = app.Build();

        var configuration = (IConfiguration)host.Services.GetService(typeof(IConfiguration))!;
        configuration["FROM_SOURCE"].Should().Be("yes");
        configuration["ASSIGNED"].Should().Be("3");
        app.Config["LATER"] = "seen";
        configuration["LATER"].Should().Be("seen", "the host follows the config's reload token");
    }
}
