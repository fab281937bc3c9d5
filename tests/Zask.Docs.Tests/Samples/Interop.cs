using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:interop-typed-interface
public interface IGreeter
{
    Task<string> HelloAsync(string name);                  // calls "hello": a trailing "Async" is dropped
    Task<long> AddNumbersAsync(long a, long b);            // "add_numbers"
    IAsyncEnumerable<long> Count(long n, CancellationToken cancellationToken = default);   // a stream

    [ZeroRpcMethod("_zerorpc_ping")]
    Task<object?[]> PingAsync();                           // ["pong", "greeter"]
}
#endregion

#region docs:interop-record
public sealed record UserProfile(string UserName, long LoginCount);   // a map {"user_name", "login_count"}

public sealed class Profiles
{
    public UserProfile GetUser(string name) => new(name, 3);

    public Dictionary<string, object?> GetRaw(string name) => new() { ["user_name"] = name, ["tags"] = new[] { "a" } };
}
#endregion

public static class Interop
{
    public static async Task<(string Hello, long Sum, List<long> Items, object?[] Pong)> TypedAsync(string endpoint)
    {
        #region docs:interop-typed
        await using var client = new ZeroRpcClient();
        client.Connect(endpoint);
        var greeter = client.As<IGreeter>();
        var hello = await greeter.HelloAsync("World");
        var sum = await greeter.AddNumbersAsync(2, 3);
        var items = new List<long>();
        await foreach (var i in greeter.Count(3))
        {
            items.Add(i);
        }
        #endregion
        return (hello, sum, items, await greeter.PingAsync());
    }

    public static async Task<(UserProfile Typed, Dictionary<string, object?> Map, object? Dynamic)> ValuesAsync(ZeroRpcClient client)
    {
        #region docs:interop-values
        var typed = await client.CallAsync<UserProfile>("get_user", "ada");                   // UserName = "ada"
        var map = await client.CallAsync<Dictionary<string, object?>>("get_user", "ada");     // ["user_name"] = "ada"
        var dynamic = await client.CallAsync("get_raw", "ada");    // Dictionary<object, object?>, arrays as object?[]
        #endregion
        return (typed, map, dynamic);
    }

    public static (ZeroRpcServer Server, ZeroRpcClient Client) Configure()
    {
        #region docs:interop-options
        var server = new ZeroRpcServer(new Greeter(), new ZeroRpcServerOptions
        {
            Heartbeat = HeartbeatOptions.FromSeconds(5),         // zerorpc's default; 0 turns heartbeats off
        });
        var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Heartbeat = HeartbeatOptions.FromSeconds(5),         // the same period as the server's
            Timeout = TimeSpan.FromSeconds(30),                  // waiting for the first reply of a call
        });
        #endregion
        return (server, client);
    }

    public static async Task<string> ErrorsAsync(ZeroRpcClient client, string method, params object?[] args)
    {
        #region docs:interop-errors
        try
        {
            await client.CallWithOptionsAsync<object?>(method, new CallOptions(Timeout: TimeSpan.FromSeconds(1)), args);
            return "ok";
        }
        catch (RemoteException e)                    // the server answered ERR [name, message, traceback]
        {
            return $"{e.Name}: {e.RemoteMessage}";   // e.g. "ValueError: boom"; e.RemoteTraceback has the rest
        }
        catch (TimeoutExpiredException)              // no first reply in time: the server may still run it
        {
            return "timeout";
        }
        catch (LostRemoteException)                  // the server stopped answering heartbeats mid-call
        {
            return "lost";
        }
        catch (EndpointUnavailableException)         // no server was reachable: nothing was sent
        {
            return "unreachable";
        }
        #endregion
    }

    public static async Task<long> CamelCaseAsync()
    {
        #region docs:interop-camel
        await using var server = new ZeroRpcServer(new Greeter(),
            new ZeroRpcServerOptions { Naming = NamingPolicy.CamelCase });   // "addNumbers", "hello"
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        await using var client = new ZeroRpcClient(
            new ZeroRpcClientOptions { Naming = NamingPolicy.CamelCase });   // for As<T>() method names
        client.Connect(endpoint);
        var sum = await client.As<IGreeter>().AddNumbersAsync(1, 2);        // sends "addNumbers"
        #endregion
        return sum;
    }
}
