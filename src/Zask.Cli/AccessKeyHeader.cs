using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Middleware;

namespace Zask.Cli;

/// <summary>
/// Sends <c>--access-key</c> in the header of every call, as a Zask client sends its entry's <c>access_key</c>. Only
/// the key: with a bare endpoint or a registry the CLI does not claim a service name it cannot know is right.
/// </summary>
internal sealed class AccessKeyHeader(string accessKey) : IZeroRpcMiddleware
{
    public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
    {
        if (call is not null)
        {
            header[CustomHeaderMiddleware.AccessKeyKey] = accessKey;
        }
    }
}
