namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>A call id and the first caller's key crossing three services.</summary>
public class RequestChainTests
{
    [Fact]
    public async Task The_call_id_and_origin_access_key_cross_three_services()
    {
        await using var test = new TestApp(new
        {
            ZERORPC_ALPHA = Entry(FreePort.Endpoint(), "first_caller_key"),
            ZERORPC_BETA = Entry(FreePort.Endpoint(), "alpha_key"),
            ZERORPC_GAMMA = Entry(FreePort.Endpoint(), "beta_key"),
        });
        var rpc = new ZeroRpcExtension(test.App);
        await using var alpha = rpc.Server(new AlphaService(rpc));
        await using var beta = rpc.Server(new BetaService(rpc));
        await using var gamma = rpc.Server(new GammaService());
        alpha.EnsureBound();
        beta.EnsureBound();
        gamma.EnsureBound();

        await using var client = rpc.Client("alpha");
        var seen = await client.CallAsync<Dictionary<string, string?>>("chain");
        seen["alpha_call_id"].Should().NotBeNullOrEmpty();
        Guid.TryParse(seen["alpha_call_id"], out _).Should().BeTrue();
        seen["beta_call_id"].Should().Be(seen["alpha_call_id"]);
        seen["gamma_call_id"].Should().Be(seen["alpha_call_id"]);
        seen["origin_access_key"].Should().Be("first_caller_key");
        seen["access_key"].Should().Be("beta_key", "each hop still sends its own key");

        var again = await client.CallAsync<Dictionary<string, string?>>("chain");
        again["gamma_call_id"].Should().NotBe(seen["gamma_call_id"], "every new request starts a new chain");
    }

    private static Dictionary<string, object> Entry(string endpoint, string accessKey) =>
        new() { ["1.0"] = endpoint, ["default"] = "1.0", ["access_key"] = accessKey };
}
