using Zask.Data.Tests.Models;
using Zask.Data.Tests.Support;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Server;

namespace Zask.Data.Tests;

/// <summary>Sessions over real ZeroRPC calls on tcp loopback.</summary>
public class RpcSessionTests
{
    private static (ZeroRpcServer Server, ZeroRpcClient Client) Serve(ZaskDb db)
    {
        var server = new ZeroRpcServer(new UserService(db), new ZeroRpcServerOptions { Context = new ZeroRpcContext(new SessionMiddleware(db)) });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        var client = new ZeroRpcClient();
        client.Connect(endpoint);
        return (server, client);
    }

    private static ZaskDb TwoBinds(DataEnv env)
    {
        var app = env.App(env.NewUri("main"), new Dictionary<string, object?> { ["users"] = env.NewUri("users") });
        var db = env.Db(app, typeof(User), typeof(AdminUser));
        db.CreateAll();
        return db;
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_failed_call_writes_nothing(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var db = TwoBinds(env);
        var (server, client) = Serve(db);
        await using var _ = server;
        await using var __ = client;

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
        var db = TwoBinds(env);
        var (server, client) = Serve(db);
        await using var _ = server;
        await using var __ = client;

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
        var db = TwoBinds(env);
        var (server, client) = Serve(db);
        await using var _ = server;
        await using var __ = client;

        await client.CallAsync<int>("add_user", "dup");
        var again = () => client.CallAsync<int>("add_user", "dup");
        var error = (await again.Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("IntegrityError");

        (await client.CallAsync<int>("add_user", "other")).Should().BePositive();
        (await client.CallAsync<int>("count_users")).Should().Be(2);
    }
}
