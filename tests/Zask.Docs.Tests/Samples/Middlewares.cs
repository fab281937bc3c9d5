using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc;
using Zask;

namespace DocsSamples;

#region docs:mw-tenant
public sealed class TenantMiddleware(string? tenant = null) : IZeroRpcMiddleware
{
    public const string HeaderKey = "tenant";

    public static string? Current =>
        ServerCallContext.Current?.Items.TryGetValue(HeaderKey, out var value) == true ? value as string : null;

    // Client: add the tenant to the header of every request (call is null for a server's replies).
    public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
    {
        if (call is not null && tenant is not null)
        {
            header[HeaderKey] = tenant;
        }
    }

    // Server: read it from the request before anything else.
    public void LoadTaskContext(ServerCallContext call) =>
        call.Items[HeaderKey] = call.Header.GetContextString(HeaderKey);

    // Server: refuse the call before the method runs; the caller gets RemoteException "MissingTenant".
    public ValueTask ServerBeforeExecAsync(ServerCallContext call) =>
        Current is null ? throw new ZeroRpcException("MissingTenant", "send a tenant header") : default;
}
#endregion

#region docs:mw-key-error
public sealed class KeyErrorMiddleware : IZeroRpcMiddleware
{
    // Client: turn a remote KeyError into a .NET exception; null keeps the RemoteException.
    public Exception? ClientHandleRemoteError(ClientCallContext call, RemoteException error) =>
        error.Name == "KeyError" ? new KeyNotFoundException(error.RemoteMessage, error) : null;
}
#endregion

#region docs:mw-tenant-service
public sealed class Catalog
{
    private readonly Dictionary<string, string> _names = new() { ["A-1"] = "Anvil" };

    public string WhoAmI() => TenantMiddleware.Current!;

    public string NameOf(string sku) =>
        _names.TryGetValue(sku, out var name) ? name : throw new ZeroRpcException("KeyError", sku);
}
#endregion

public static class Middlewares
{
    public static (ZeroRpcExtension All, ZeroRpcExtension Some, ZeroRpcExtension None) Choose(ZaskApp app, ZaskApp other, ZaskApp plain)
    {
        #region docs:mw-extension
        var rpc = new ZeroRpcExtension(app);                                      // the four built-in middlewares
        var some = new ZeroRpcExtension(other, BuiltinMiddlewares.ConfigEndpoint | BuiltinMiddlewares.AccessLog);
        var none = new ZeroRpcExtension(plain, BuiltinMiddlewares.None);            // plain zerorpc, nothing added
        #endregion
        return (rpc, some, none);
    }

    public static void RegisterEverywhere(ZeroRpcExtension rpc)
    {
        #region docs:mw-register-extension
        rpc.RegisterMiddleware(new TenantMiddleware("acme"));   // every server and client made from now on
        #endregion
    }

    public static async Task<(string Tenant, string Anvil, Exception Missing, Exception Refused)> PerServerAndClientAsync()
    {
        #region docs:mw-register-context
        await using var server = new ZeroRpcServer(new Catalog(), new ZeroRpcServerOptions
        {
            Context = new ZeroRpcContext(new TenantMiddleware()),
        });
        var endpoint = server.Bind("tcp://127.0.0.1:*");

        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Context = new ZeroRpcContext(new TenantMiddleware("acme"), new KeyErrorMiddleware()),
        });
        client.Connect(endpoint);
        var tenant = await client.CallAsync<string>("who_am_i");          // "acme"
        var anvil = await client.CallAsync<string>("name_of", "A-1");     // "Anvil"
        #endregion

        var missing = await Record(() => client.CallAsync<string>("name_of", "Z-9"));
        await using var anonymous = new ZeroRpcClient();
        anonymous.Connect(endpoint);
        var refused = await Record(() => anonymous.CallAsync<string>("who_am_i"));
        return (tenant, anvil, missing, refused);
    }

    public static async Task<string> CallWithKeyAsync(ZeroRpcClient inventory)
    {
        #region docs:mw-refused
        try
        {
            return await inventory.CallAsync<string>("instance");
        }
        catch (RemoteException e) when (e.Name is "NoSuchAccessKey" or "VersionNotMatch")
        {
            return $"refused before the method ran: {e.RemoteMessage}";   // fix access_key or the version
        }
        #endregion
    }

    public static ZeroRpcExtension WireOrders(ZaskApp app)
    {
        #region docs:mw-request-chain
        var rpc = new ZeroRpcExtension(app);
        var inventory = rpc.Client("inventory");          // calls from inside orders' methods...
        rpc.Server(new OrdersService(inventory));         // ...carry the call_id of the call being served
        #endregion
        return rpc;
    }

    public static async Task<HashSet<string>> SpreadAsync(ZeroRpcExtension rpc)
    {
        #region docs:mw-balancing
        await using var inventory = rpc.Client("inventory");     // one connection per endpoint of version 1.0
        var answered = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            answered.Add(await inventory.CallAsync<string>("instance"));   // each call goes to the next endpoint
        }
        #endregion
        return answered;
    }

    private static async Task<Exception> Record(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e)
        {
            return e;
        }
        throw new InvalidOperationException("the call did not fail");
    }
}
