using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace Zask.Tests;

/// <summary>
/// The layers are Microsoft's providers: <c>FromFile</c> a <see cref="JsonConfigurationProvider"/>, the <c>ZASK_</c>
/// overlay an <see cref="EnvironmentVariablesConfigurationProvider"/>, and any other source sits among them, typed
/// on read.
/// </summary>
public sealed class ConfigProviderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<IConfigurationProvider> Providers(Config config) => ((IConfigurationRoot)config.Configuration).Providers.ToList();

    [Fact]
    public void A_file_is_a_json_provider_under_the_environment_overlay_and_keeps_its_json_types()
    {
        var prefix = Apps.UniquePrefix();
        var file = _dir.File("settings.json", """{ "N": 7, "S": "7", "FLAG": false, "EMPTY": [], "NONE": null, "BINDS": { "users": "sqlite://" } }""");
        using var env = new EnvScope().Set(prefix + "REGION", "eu");
        using var config = new Config(_dir.Path, prefix);

        config.FromFile("settings.json");

        var providers = Providers(config);
        var json = providers.OfType<JsonConfigurationProvider>().Should().ContainSingle().Subject;
        json.Source.FileProvider!.GetFileInfo(json.Source.Path!).PhysicalPath.Should().Be(file);
        var overlay = providers.OfType<EnvironmentVariablesConfigurationProvider>().Should().ContainSingle().Subject;
        providers.IndexOf(overlay).Should().BeGreaterThan(providers.IndexOf(json), "the environment stays on top");
        config["N"].Should().Be(7L);
        config["S"].Should().Be("7");
        config["FLAG"].Should().Be(false);
        config["EMPTY"].Should().BeAssignableTo<IReadOnlyList<object?>>().Which.Should().BeEmpty("an empty list is not a missing value");
        config["NONE"].Should().BeNull();
        config.Get<Dictionary<string, string>>("BINDS").Should().Equal(new Dictionary<string, string> { ["users"] = "sqlite://" });
        config.Configuration["BINDS:users"].Should().Be("sqlite://");
        config["REGION"].Should().Be("eu");
    }

    [Fact]
    public void A_file_written_with_a_byte_order_mark_loads()
    {
        var file = _dir.Combine("bom.json");
        File.WriteAllText(file, """{ "WHERE": "bom" }""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        using var config = new Config(_dir.Path, null);

        config.FromFile(file);

        File.ReadAllBytes(file)[0].Should().Be(0xEF);
        config["WHERE"].Should().Be("bom");
    }

    [Fact]
    public void A_file_is_read_once_and_its_keys_can_be_removed()
    {
        var file = _dir.File("settings.json", """{ "A": "file", "B": { "x": 1 } }""");
        using var config = new Config(_dir.Path, null);
        config.FromFile(file);
        File.Delete(file);

        config.FromMapping(new Dictionary<string, object?> { ["C"] = "mapping" });
        config["A"].Should().Be("file", "adding a later layer does not read the file again");

        config.Remove("B").Should().BeTrue();
        config.Remove("B").Should().BeFalse();
        config.ContainsKey("B").Should().BeFalse();
        config.Configuration["B:x"].Should().BeNull();
        config["A"].Should().Be("file");
        config.Clear();
        config.ContainsKey("A").Should().BeFalse();
    }

    [Fact]
    public void A_key_given_twice_in_one_file_names_the_file_and_changes_nothing()
    {
        var file = _dir.File("twice.json", """{ "A": 1, "A": 2 }""");
        using var config = new Config(_dir.Path, null);
        var before = config.ToDictionary(p => p.Key, p => p.Value);

        var load = () => config.FromFile(file);

        load.Should().Throw<ConfigParseException>().Where(e => e.FilePath == file && e.Message.Contains(file) && e.Message.Contains("'A' is given twice"));
        config.Should().BeEquivalentTo(before);
        Providers(config).OfType<JsonConfigurationProvider>().Should().BeEmpty();

        var lists = _dir.File("lists.json", """{ "ENTRY": { "client_keys": ["k"], "Client_Keys": [] } }""");
        var merge = () => config.FromFile(lists);
        merge.Should().Throw<ConfigParseException>("two lists of one name are refused, not merged")
            .Where(e => e.Message.Contains("'ENTRY:Client_Keys' is given twice"));
    }

    [Fact]
    public void Strings_of_a_source_are_typed_by_the_declared_type_and_errors_name_the_source()
    {
        using var config = new Config(_dir.Path, null);
        config.SetDefaults(new Dictionary<string, object?> { ["EXT_WAIT"] = TimeSpan.FromSeconds(1) });

        config.Add(new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["DEBUG"] = "False", ["SHUTDOWN_GRACE_PERIOD"] = "2.5", ["EXT_WAIT"] = "00:00:05", ["PORT"] = "80", ["VERSION"] = "2.0",
            },
        });

        config["DEBUG"].Should().Be(false, "DEBUG is declared a boolean by its default");
        config["SHUTDOWN_GRACE_PERIOD"].Should().Be(2.5);
        config["EXT_WAIT"].Should().Be(TimeSpan.FromSeconds(5));
        config["PORT"].Should().Be("80", "an undeclared key keeps the provider's string");
        config.GetInt("PORT").Should().Be(80);
        config["VERSION"].Should().Be("2.0");

        config.Add(new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { ["DEBUG"] = "maybe" } });

        var read = () => config.GetBool("DEBUG");
        read.Should().Throw<ConfigTypeException>()
            .Where(e => e.Key == "DEBUG" && Equals(e.ActualValue, "maybe") && e.Provider!.Contains(nameof(MemoryConfigurationProvider)))
            .WithMessage("*'DEBUG'*Boolean*\"maybe\"*It came from*MemoryConfigurationProvider*");
    }

    [Fact]
    public void A_mistyped_value_set_in_code_names_its_layer()
    {
        using var config = new Config(_dir.Path, null);
        config.FromMapping(new Dictionary<string, object?> { ["RATIO"] = "half" });
        config["PORT"] = 4.5;

        var port = () => config.GetInt("PORT");
        var ratio = () => config.GetDouble("RATIO");

        port.Should().Throw<ConfigTypeException>().Where(e => e.Provider == "assignments");
        ratio.Should().Throw<ConfigTypeException>().Where(e => e.Provider == "mapping").WithMessage("*It came from mapping.");
    }

    [Fact]
    public void A_mistyped_value_from_a_file_names_the_file()
    {
        var file = _dir.File("bad.json", """{ "SHUTDOWN_GRACE_PERIOD": "soon" }""");
        using var app = Apps.Isolated(_dir.Path);
        app.Config.FromFile(file);

        var build = () => app.Build();

        build.Should().Throw<ConfigTypeException>().Where(e => e.Key == "SHUTDOWN_GRACE_PERIOD" && e.Message.Contains($"JSON file '{file}'"));
    }

    [Fact]
    public void A_grace_period_out_of_range_names_the_variable_that_set_it()
    {
        var prefix = Apps.UniquePrefix();
        using var env = new EnvScope().Set(prefix + "SHUTDOWN_GRACE_PERIOD", "-5");
        using var app = new ZaskApp(new ZaskAppOptions { Name = "orders", RootPath = _dir.Path, EnvironmentPrefix = prefix });

        var build = () => app.Build();

        build.Should().Throw<ConfigTypeException>()
            .Where(e => e.Key == "SHUTDOWN_GRACE_PERIOD" && e.Provider == $"environment variable {prefix}SHUTDOWN_GRACE_PERIOD");
    }

    [Fact]
    public void Environment_variables_nest_with_double_underscores_and_are_typed()
    {
        var prefix = Apps.UniquePrefix();
        using var env = new EnvScope()
            .Set(prefix + "DEBUG", "False")
            .Set(prefix + "SHUTDOWN_GRACE_PERIOD", "12")
            .Set(prefix + "ZERORPC_ORDERS__access_key", "orders_key")
            .Set(prefix + "ZERORPC_ORDERS__client_keys__0", "k1")
            .Set(prefix + "ZERORPC_ORDERS__client_keys__1", "k2")
            .Set(prefix + "POOL", "many");
        _dir.File("settings.json", """{ "ZERORPC_ORDERS": { "1.0": "tcp://file:1", "client_keys": ["a", "b", "c"] } }""");
        using var config = new Config(_dir.Path, prefix);

        config.FromFile("settings.json");

        config["DEBUG"].Should().Be(false);
        config["SHUTDOWN_GRACE_PERIOD"].Should().Be(12L);
        var orders = config["ZERORPC_ORDERS"].Should().BeAssignableTo<IReadOnlyDictionary<string, object?>>().Subject;
        orders.Should().NotContainKey("1.0", "the environment gives the whole entry, as any higher layer does");
        orders["access_key"].Should().Be("orders_key");
        orders["client_keys"].Should().BeAssignableTo<IReadOnlyList<object?>>().Which.Should().Equal("k1", "k2");
        config.Configuration["ZERORPC_ORDERS:client_keys:1"].Should().Be("k2");
        config.Configuration["ZERORPC_ORDERS:client_keys:2"].Should().BeNull();
        var read = () => config.GetInt("POOL");
        read.Should().Throw<ConfigTypeException>().Where(e => e.Provider == $"environment variable {prefix}POOL");
        var nested = () => config.Get<int>("ZERORPC_ORDERS");
        nested.Should().Throw<ConfigTypeException>().Where(e => e.Provider == $"environment variables {prefix}ZERORPC_ORDERS__*");
    }

    [Fact]
    public void Later_providers_win_and_the_environment_stays_on_top()
    {
        var prefix = Apps.UniquePrefix();
        using var env = new EnvScope().Set(prefix + "E", "env");
        _dir.File("first.json", """{ "A": "first", "B": "first", "C": "first", "D": "first", "E": "first" }""");
        _dir.File("second.json", """{ "C": "second", "D": "second", "E": "second" }""");
        using var config = new Config(_dir.Path, prefix);

        config.FromFile("first.json");
        config.Add(new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { ["B"] = "memory", ["C"] = "memory", ["E"] = "memory" } });
        config.FromFile("second.json");
        config["D"] = "assigned";
        config.Add(new CommandLineSource("--E=cli"));

        config["A"].Should().Be("first");
        config["B"].Should().Be("memory");
        config["C"].Should().Be("second");
        config["D"].Should().Be("assigned");
        config["E"].Should().Be("env");
        config.Configuration["E"].Should().Be("env");
        var providers = Providers(config);
        providers.OfType<EnvironmentVariablesConfigurationProvider>().Single().Should().BeSameAs(providers[^2], "the overlay is the top layer, under the resolved view only");
    }

    private sealed class CommandLineSource(params string[] args) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) =>
            new Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationProvider(args);
    }
}
