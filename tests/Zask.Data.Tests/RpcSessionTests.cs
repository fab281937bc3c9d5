using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Server;

namespace Zask.Data.Tests;

/// <summary>Sessions over real ZeroRPC calls on tcp loopback.</summary>
public class RpcSessionTests
{
    /// <summary>A database with two binds, served with the session middleware on loopback, and a client of it.</summary>
    private sealed class Served : IAsyncDisposable
    {
        public Served(DataEnv env)
        {
            var app = env.App(env.NewUri("main"), new Dictionary<string, object?> { ["users"] = env.NewUri("users") });
            Db = env.Db(app, typeof(User), typeof(AdminUser));
            Db.CreateAll();
            Server = new ZeroRpcServer(new UserService(Db), new ZeroRpcServerOptions { Context = new ZeroRpcContext(new SessionMiddleware(Db)) });
            Client = new ZeroRpcClient();
            Client.Connect(Server.Bind("tcp://127.0.0.1:*"));
        }

        public ZaskDb Db { get; }

        public ZeroRpcServer Server { get; }

        public ZeroRpcClient Client { get; }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_failed_call_writes_nothing(DbKind kind)
    {
        using var env = new DataEnv(kind);
        await using var served = new Served(env);
        var (db, client) = (served.Db, served.Client);

        var call = () => client.CallAsync<object?>("add_then_fail", "ghost");
        var error = (await call.Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("InvalidOperationException");

        (await client.CallAsync<int>("count_users")).Should().Be(0);
        (await client.CallAsync<int>("count_admins")).Should().Be(0);
        DataEnv.Count<User>(db).Should().Be(0);
        DataEnv.Count<AdminUser>(db).Should().Be(0);

        // Uncommitted changes of a successful call are discarded too; committed ones stay.
        await client.CallAsync<object?>("add_without_commit", "forgotten");
        (await client.CallAsync<int>("add_user", "kept")).Should().BePositive();
        (await client.CallAsync<int>("count_users")).Should().Be(1);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Concurrent_calls_never_share_a_session(DbKind kind)
    {
        using var env = new DataEnv(kind);
        await using var served = new Served(env);
        var client = served.Client;

        var first = client.CallAsync<string>("session_id", "alice");
        var second = client.CallAsync<string>("session_id", "bob");
        var ids = await Task.WhenAll(first, second);
        ids[0].Should().NotBe(ids[1]);
        (await client.CallAsync<int>("count_users")).Should().Be(2);
    }

    [Theory, SqliteData, PostgresData]
    public async Task IntegrityError_reaches_the_caller_and_the_service_keeps_working(DbKind kind)
    {
        using var env = new DataEnv(kind);
        await using var served = new Served(env);
        var client = served.Client;

        await client.CallAsync<int>("add_user", "dup");
        var again = () => client.CallAsync<int>("add_user", "dup");
        var error = (await again.Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("IntegrityError");

        (await client.CallAsync<int>("add_user", "other")).Should().BePositive();
        (await client.CallAsync<int>("count_users")).Should().Be(2);
    }
}
