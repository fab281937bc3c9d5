namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary><c>ZERORPC_INPROC</c>: every entry's endpoints moved in process, as the test host does.</summary>
public class InprocEntryTests
{
    [Fact]
    public async Task Every_version_of_every_entry_moves_to_inproc_names()
    {
        await using var test = new TestApp(new
        {
            ZERORPC_INPROC = "suite",
            ZERORPC_ORDERS = new Dictionary<string, object> { ["1.0"] = "tcp://127.0.0.1:5000", ["2.0"] = new[] { "tcp://10.0.0.1:5000", "tcp://10.0.0.2:5000" }, ["default"] = "2.0" },
        });

        var entry = ServiceConfig.Read(test.App.Config, "orders");

        entry.EndpointsFor("1.0").Should().Equal("inproc://suite/orders/1.0/0");
        entry.EndpointsFor(null).Should().Equal("inproc://suite/orders/2.0/0", "inproc://suite/orders/2.0/1");
        FluentActions.Invoking(() => ServiceConfig.ValidateAll(test.App.Config)).Should().NotThrow("ZERORPC_INPROC is a setting, not a service entry");
    }

    [Fact]
    public async Task A_malformed_inproc_name_is_refused_naming_the_setting()
    {
        await using var test = new TestApp(new
        {
            ZERORPC_INPROC = "two words",
            ZERORPC_ORDERS = new Dictionary<string, object> { ["1.0"] = "tcp://127.0.0.1:5000", ["default"] = "1.0" },
        });

        FluentActions.Invoking(() => ServiceConfig.Read(test.App.Config, "orders"))
            .Should().Throw<InvalidServiceConfigException>().WithMessage("*ZERORPC_INPROC*");
    }
}
