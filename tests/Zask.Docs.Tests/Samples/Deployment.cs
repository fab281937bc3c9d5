using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc;
using Zask.Zmtp.Security;
using Zask;

namespace DocsSamples;

public static class InventoryProgram
{
    #region docs:deploy-program
    public static async Task RunAsync(string[] args, CancellationToken stop = default)
    {
        var bind = args is ["--bind", var endpoint] ? endpoint : null;    // e.g. --bind tcp://0.0.0.0:5001
        await using var app = ZaskApp.Create(args);
        app.Config.FromEnvVar("INVENTORY_SETTINGS");                       // the file the unit points at
        var rpc = new ZeroRpcExtension(app);
        var server = rpc.Server(new InventoryService(bind ?? Environment.MachineName));
        if (bind is not null)
        {
            server.Bind(bind);             // this instance's address, instead of every endpoint of the version
        }
        await app.RunAsync(stop);          // until SIGTERM: refuse new calls, let calls in flight finish
    }
    #endregion

    #region docs:deploy-retry
    public static async Task<T> CallWithRetryAsync<T>(ZeroRpcClient client, string method, params object?[] args)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.CallAsync<T>(method, args);
            }
            catch (RemoteException e) when (e.Name == "ServiceUnavailable" && attempt < 3)
            {
                // Refused by an instance that is shutting down while no other endpoint was available: the
                // method never ran, so sending the call again is safe, after a pause for one to come up.
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }
    #endregion

    public static string WriteKeyFile(string path)
    {
        #region docs:deploy-curve-keys
        var keys = CurveKeyPair.Generate();                          // a new CurveZMQ key pair
        File.WriteAllText(path, $"public={keys.PublicKeyZ85}\nsecret={keys.SecretKeyZ85}\n");
        var publicKey = keys.PublicKeyZ85;                          // what the clients' settings need
        #endregion
        return publicKey;
    }
}
