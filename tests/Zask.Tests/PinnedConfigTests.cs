namespace Zask.Tests;

/// <summary><see cref="Config.Pin"/>: values above every layer, as a test host sets them.</summary>
public sealed class PinnedConfigTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_pinned_value_wins_over_later_files_assignments_and_the_environment()
    {
        var prefix = Apps.UniquePrefix();
        using var env = new EnvScope().Set(prefix + "GREETING", "from env");
        using var config = new Config(_dir.Path, prefix);
        config.Pin("GREETING", "pinned");
        config["GREETING"] = "assigned";
        config.FromFile(_dir.File("settings.json", """{ "GREETING": "from file", "OTHER": 1 }"""));

        config["GREETING"].Should().Be("pinned");
        config["OTHER"].Should().Be(1L, "other keys still come from the layers");
        config.Configuration["GREETING"].Should().Be("pinned");
    }

    [Fact]
    public void Remove_and_clear_leave_pinned_values_and_a_second_pin_replaces_the_first()
    {
        using var config = new Config(_dir.Path, null);
        config.Pin("GREETING", "pinned");
        config.Remove("GREETING");
        config.Clear();
        config["GREETING"].Should().Be("pinned");

        config.Pin("GREETING", "again");
        config["LATER"] = true;
        config["GREETING"].Should().Be("again");
        config["LATER"].Should().Be(true);
    }
}
