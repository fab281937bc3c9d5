using Microsoft.Extensions.Logging;

namespace Zask.Tests;

/// <summary>Sets real ZASK_ variables, which every app in the process would see, so these tests run alone.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class EnvironmentOverrideTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ZASK_variables_override_defaults_and_files_loaded_later()
    {
        _dir.File("settings.json", """{ "DEBUG": true, "SHUTDOWN_GRACE_PERIOD": 5 }""");
        using var env = new EnvScope().Set("ZASK_DEBUG", "false").Set("ZASK_SHUTDOWN_GRACE_PERIOD", "2.5");
        using var app = new ZaskApp(new ZaskAppOptions { Name = "orders", RootPath = _dir.Path });

        app.Config.FromFile("settings.json");

        app.Config.GetBool("DEBUG").Should().BeFalse();
        app.Config.GetDouble("SHUTDOWN_GRACE_PERIOD").Should().Be(2.5);
        app.ShutdownGracePeriod.Should().Be(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void ZASK_DEBUG_false_sends_errors_to_the_ZASK_ERROR_LOG_file()
    {
        var errorLog = _dir.Combine("env-error.log");
        using var env = new EnvScope().Set("ZASK_DEBUG", "false").Set("ZASK_ERROR_LOG", errorLog);
        var app = new ZaskApp(new ZaskAppOptions { Name = "orders", RootPath = _dir.Path });

        app.Logger.LogError("configured by the environment");
        app.Dispose();

        File.ReadAllText(errorLog).Should().Contain("[ERROR] orders").And.Contain("configured by the environment");
    }

    [Fact]
    public void FromEnvVar_with_the_default_app_loads_the_named_file()
    {
        var file = _dir.File("from-env.json", """{ "SECRET": "s3cret" }""");
        var name = "ZASKTEST_CONFIG_PATH_" + Guid.NewGuid().ToString("N");
        using var env = new EnvScope().Set(name, file);
        using var app = new ZaskApp(new ZaskAppOptions { Name = "orders", RootPath = _dir.Path });

        app.Config.FromEnvVar(name).Should().BeTrue();

        app.Config["SECRET"].Should().Be("s3cret");
    }
}
