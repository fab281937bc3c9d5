using Microsoft.Extensions.Logging.Abstractions;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc;

namespace Zask.Cli;

/// <summary>Creates the client a command calls through, from an endpoint or a service in a configuration file.</summary>
internal static class ClientFactory
{
    public static ConnectedClient Create(ConnectionSettings settings)
    {
        var options = new ZeroRpcClientOptions
        {
            Timeout = settings.Timeout,
            Heartbeat = HeartbeatOptions.FromSeconds(settings.HeartbeatSeconds),
            // Results go to stdout: nothing else may write there.
            LoggerFactory = NullLoggerFactory.Instance,
        };
        return settings.Service is not null
            ? FromConfig(settings, options)
            : new ConnectedClient(Connect(new ZeroRpcClient(options), settings.Endpoint!), owner: null);
    }

    /// <summary>
    /// Resolves the service the way a Zask app does: endpoints by version, and the access key sent in the header,
    /// from the <c>ZERORPC_&lt;SERVICE&gt;</c> entry of the file.
    /// </summary>
    private static ConnectedClient FromConfig(ConnectionSettings settings, ZeroRpcClientOptions options)
    {
        var app = new ZaskApp("zask-cli");
        try
        {
            app.Config.FromFile(settings.ConfigFile!);
            // Not the access-log middleware: in debug mode (the default) it would log each call to the console.
            var rpc = new ZeroRpcExtension(app, BuiltinMiddlewares.ConfigEndpoint | BuiltinMiddlewares.ConfigCustomHeader | BuiltinMiddlewares.RequestChain);
            return new ConnectedClient(rpc.Client(settings.Service!, settings.Version, options), app);
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    private static ZeroRpcClient Connect(ZeroRpcClient client, string endpoint)
    {
        try
        {
            client.Connect(endpoint);
            return client;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            client.Dispose();
            // The transport rejects malformed or unsupported endpoints here (ArgumentException...).
            throw new CliException($"cannot connect to {endpoint}: {ex.Message.ReplaceLineEndings(" ")}", ExitCodes.Unreachable);
        }
    }
}
