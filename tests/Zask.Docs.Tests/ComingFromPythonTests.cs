using DocsSamples;

namespace Zask.Docs.Tests;

public class ComingFromPythonTests
{
    [Fact]
    public async Task The_data_lines_work_on_an_in_memory_bind()
    {
        await using var app = new ZaskApp(new ZaskAppOptions { Name = "py", EnvironmentPrefix = null });
        app.Config["SQLALCHEMY_BINDS"] = new Dictionary<string, object?> { ["users"] = "sqlite://" };
        var (all, found) = await ComingFromPython.DataAsync(app);
        all.Should().Be(1);
        found.Should().BeTrue();
    }

    [Fact]
    public void The_service_declares_its_name_and_version()
    {
        var descriptor = Zask.ZeroRpc.Server.ServiceDescriptor.For(typeof(MySrv));
        descriptor.DeclaredName.Should().Be("some_service");
        descriptor.DeclaredVersion.Should().Be("1.0");
        descriptor.Methods.Keys.Should().Equal("foo");
    }
}
