using Microsoft.Extensions.DependencyInjection;

namespace Zask.Tests;

public sealed class ExtensionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A minimal Flask-style extension supporting both construction patterns.</summary>
    private sealed class GreeterExtension : IZaskExtension
    {
        public GreeterExtension()
        {
        }

        public GreeterExtension(ZaskApp app) => InitApp(app);

        public string? Greeting { get; private set; }

        public void InitApp(ZaskApp app)
        {
            Greeting = app.Config.GetValueOrDefault("GREETING", "hello");
            app.Extensions["greeter"] = this;
            app.Services.AddSingleton(this);
        }
    }

    [Fact]
    public void Extension_can_be_bound_in_its_constructor()
    {
        using var app = Apps.Isolated(_dir.Path);
        app.Config["GREETING"] = "hi";

        var ext = new GreeterExtension(app);

        ext.Greeting.Should().Be("hi");
        app.Extensions["greeter"].Should().BeSameAs(ext);
    }

    [Fact]
    public void Extension_supports_the_application_factory_pattern()
    {
        var ext = new GreeterExtension();
        using var app = Apps.Isolated(_dir.Path);

        ext.InitApp(app);
        app.Build();

        app.Extensions["greeter"].Should().BeSameAs(ext);
        app.ServiceProvider.GetRequiredService<GreeterExtension>().Should().BeSameAs(ext);
        ext.Greeting.Should().Be("hello");
    }
}
