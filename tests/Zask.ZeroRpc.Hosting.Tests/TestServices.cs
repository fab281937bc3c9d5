namespace Zask.ZeroRpc.Hosting.Tests;

[ZeroRpcService("guarded", Version = "1.0")]
public sealed class GuardedService
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public int Touch() => Interlocked.Increment(ref _calls);
}

[ZeroRpcService("lb", Version = "1.0")]
public sealed class InstanceService(string id)
{
    public string Who() => id;
}

/// <summary>The three links of a request chain: alpha calls beta, which calls gamma.</summary>
[ZeroRpcService("alpha", Version = "1.0")]
public sealed class AlphaService(ZeroRpcExtension rpc)
{
    public async Task<Dictionary<string, string?>> Chain()
    {
        await using var beta = rpc.Client("beta");
        var seen = await beta.CallAsync<Dictionary<string, string?>>("relay");
        seen["alpha_call_id"] = RequestChainMiddleware.CurrentCallId;
        return seen;
    }
}

[ZeroRpcService("beta", Version = "1.0")]
public sealed class BetaService(ZeroRpcExtension rpc)
{
    public async Task<Dictionary<string, string?>> Relay()
    {
        await using var gamma = rpc.Client("gamma");
        var seen = await gamma.CallAsync<Dictionary<string, string?>>("observe");
        seen["beta_call_id"] = RequestChainMiddleware.CurrentCallId;
        return seen;
    }
}

[ZeroRpcService("gamma", Version = "1.0")]
public sealed class GammaService
{
    public Dictionary<string, string?> Observe(ServerCallContext call) => new()
    {
        ["gamma_call_id"] = call.GetRequestHeaderString(RequestChainMiddleware.CallIdKey),
        ["origin_access_key"] = call.GetRequestHeaderString(RequestChainMiddleware.OriginAccessKeyKey),
        ["access_key"] = call.GetRequestHeaderString(CustomHeaderMiddleware.AccessKeyKey),
    };
}

/// <summary>Answers from the config of the app it was made for, to tell apps in one process apart.</summary>
[ZeroRpcService("twin", Version = "1.0")]
public sealed class TwinService(Config config)
{
    public string Greeting() => config.GetString("GREETING") ?? "";
}
