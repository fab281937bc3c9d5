using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;

namespace Zask.Telemetry.Tests.ChainService;

/// <summary>One link of a chain of services: <c>relay</c> calls the next link, if any, and logs while it serves.</summary>
public sealed class ChainLink(string name, ZeroRpcClient? next, Microsoft.Extensions.Logging.ILogger logger)
{
    /// <summary>Returns the names of this link and the ones after it, <c>a&gt;b&gt;c</c>.</summary>
    public async Task<string> Relay(string text)
    {
        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "relaying {Text}", text);
        if (next is null)
        {
            return name;
        }
        return name + ">" + await next.CallAsync<string>("relay", text).ConfigureAwait(false);
    }

    /// <summary>The id of the call being served, as the request chain carries it.</summary>
    public string? CallId() => Zask.ZeroRpc.Extension.RequestChainMiddleware.CurrentCallId;

    /// <summary>For the server's spans: its name.</summary>
    public static ZeroRpcServerOptions Options(string name) => new() { Name = name };
}
