using DocsSamples;
using Zask.Docs.Tests.Support;

namespace Zask.Docs.Tests;

public class ConfigurationTests
{
    [Fact]
    public void The_layers_apply_in_order_and_typed_reads_convert()
    {
        using var dir = new TempDir();
        dir.File("settings.json", MarkdownBlocks.Json("config-settings"));
        using var app = Configuration.CreateApp(dir.Path);

        app.Config["ERROR_LOG"].Should().Be("/var/log/orders/error.log", "from OrdersSettings");
        app.Config.ContainsKey("helper").Should().BeFalse("only UPPERCASE members are settings");
        app.Config["SHUTDOWN_GRACE_PERIOD"].Should().Be(30L, "a built-in default");
        var (debug, pageSize, region, store, images, ratio) = Configuration.TypedReads(app);
        debug.Should().BeFalse();
        pageSize.Should().Be(100, "the assignment came last");
        region.Should().Be("eu-west");
        store.Should().Be(new ImageStore("thumbs", 20));
        images.Should().ContainKey("path").WhoseValue.Should().Be("/srv/images");
        ratio.Should().Be(0.25);
    }

    [Fact]
    public void A_source_is_a_layer_whose_entries_are_read_whole()
    {
        using var dir = new TempDir();
        dir.File("settings.json", MarkdownBlocks.Json("config-settings"));
        using var app = Configuration.CreateAppWithSources(dir.Path, ["--PAGE_SIZE=10", "--IMAGE_STORE:bucket=cli"]);

        app.Config.GetInt("PAGE_SIZE").Should().Be(10);
        app.Config["IMAGE_STORE"].Should().BeAssignableTo<IReadOnlyDictionary<string, object?>>()
            .Which.Should().NotContainKey("maxMegabytes", "the highest layer setting an entry gives all of it");
        app.Config.Configuration["IMAGE_STORE:bucket"].Should().Be("cli");
    }

    [Fact]
    public void Your_own_source_is_a_layer_typed_on_read_and_checked_at_start()
    {
        using var dir = new TempDir();
        var settings = dir.File("settings.json", MarkdownBlocks.Json("config-settings"));
        dir.File("secrets/IMAGE_STORE__bucket", "private-thumbs\n");
        dir.File("secrets/DEBUG", "False");
        using var app = Configuration.CreateAppWithSecrets(dir.Path, Path.Combine(dir.Path, "secrets"));

        app.Config["DEBUG"].Should().Be(false, "DEBUG's default is a boolean, so the file's string is typed as one");
        app.Config.Get<Dictionary<string, string>>("IMAGE_STORE").Should().Equal(new Dictionary<string, string> { ["bucket"] = "private-thumbs" });
        var layers = Configuration.Layers(app);
        layers.Should().Contain($"JSON file '{settings}'");
        layers[^1].Should().Be("Zask Config (resolved entries)");
        layers[^2].Should().StartWith("EnvironmentVariablesConfigurationProvider");
        layers[^3].Should().Be(nameof(SecretsFolderProvider));

        File.WriteAllText(Path.Combine(dir.Path, "secrets", "DEBUG"), "maybe");
        app.Config.ReloadEnvironment();
        var build = () => app.Build();
        build.Should().Throw<Zask.ConfigTypeException>().Where(e => e.Key == "DEBUG" && e.Provider == nameof(SecretsFolderProvider));
    }

    [Fact]
    public void A_malformed_file_is_reported_with_its_line_and_leaves_the_config_alone()
    {
        using var dir = new TempDir();
        dir.File("settings.json", MarkdownBlocks.Json("config-settings"));
        using var app = Configuration.CreateApp(dir.Path);
        var bad = dir.File("bad.json", "{\n  \"PAGE_SIZE\": 7,\n  \"REGION\": oops\n}");

        Configuration.LoadOrExplain(app, bad).Should().StartWith($"{bad}:3:");
        app.Config.GetInt("PAGE_SIZE").Should().Be(100);
        Configuration.LoadOrExplain(app, Path.Combine(dir.Path, "nope.json")).Should().StartWith("missing ");
    }
}
