using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Zask.Tests;

public sealed class ConfigurationViewTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Config_is_visible_as_IConfiguration_with_nested_sections()
    {
        _dir.File("settings.json", """
            {
              "ZERORPC_SOME_SERVICE": { "default": "2.0", "2.0": ["tcp://a:1", "tcp://b:2"] },
              "SQLALCHEMY_BINDS": { "users": "sqlite:///users.db" },
              "RATIO": 0.5
            }
            """);
        using var app = Apps.Isolated(_dir.Path);
        app.Config.FromFile("settings.json");

        var configuration = app.Configuration;

        configuration["DEBUG"].Should().Be("true");
        configuration["SHUTDOWN_GRACE_PERIOD"].Should().Be("30");
        configuration["RATIO"].Should().Be("0.5");
        configuration["SQLALCHEMY_BINDS:users"].Should().Be("sqlite:///users.db");
        configuration.GetSection("ZERORPC_SOME_SERVICE")["default"].Should().Be("2.0");
        configuration.GetSection("ZERORPC_SOME_SERVICE:2.0").GetChildren().Select(c => c.Value)
            .Should().Equal("tcp://a:1", "tcp://b:2");
    }

    [Fact]
    public void IConfiguration_view_follows_later_changes()
    {
        using var app = Apps.Isolated(_dir.Path);
        var configuration = app.Configuration;
        var reloaded = false;
        configuration.GetReloadToken().RegisterChangeCallback(_ => reloaded = true, null);

        app.Config["LATE"] = "value";

        configuration["LATE"].Should().Be("value");
        reloaded.Should().BeTrue();
    }

    private sealed class BindsOptions
    {
        public string? Users { get; set; }
    }

    [Fact]
    public void Host_services_see_the_config_through_IConfiguration_and_options()
    {
        using var app = Apps.Isolated(_dir.Path);
        app.Config.FromMapping(new Dictionary<string, object?>
        {
            ["SQLALCHEMY_BINDS"] = new Dictionary<string, object?> { ["users"] = "sqlite:///users.db" },
        });
        app.Services.AddOptions<BindsOptions>().Configure<IConfiguration>((o, c) => o.Users = c["SQLALCHEMY_BINDS:users"]);

        app.Build();

        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        configuration["DEBUG"].Should().Be("true");
        configuration["SQLALCHEMY_BINDS:users"].Should().Be("sqlite:///users.db");
        app.ServiceProvider.GetRequiredService<IOptions<BindsOptions>>().Value.Users.Should().Be("sqlite:///users.db");
        app.ServiceProvider.GetRequiredService<Config>().Should().BeSameAs(app.Config);
    }
}
