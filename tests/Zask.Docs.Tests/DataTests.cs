using DocsSamples;
using Zask.Data;
using Zask.Docs.Tests.Support;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;

namespace Zask.Docs.Tests;

public class DataTests
{
    [Fact]
    public async Task Models_go_to_their_binds_and_sessions_commit()
    {
        using var dir = new TempDir();
        dir.File("settings.json", MarkdownBlocks.Json("data-settings"));
        var (found, posts) = await DataSamples.BindsAndSessionsAsync(dir.Path);
        found.Should().BeTrue();
        posts.Should().Be(1);
        File.Exists(Path.Combine(dir.Path, "users.db")).Should().BeTrue();
        File.Exists(Path.Combine(dir.Path, "blog.db")).Should().BeTrue();
    }

    [Fact]
    public async Task Each_call_has_its_own_session_and_a_failed_call_writes_nothing_uncommitted()
    {
        using var dir = new TempDir();
        await using var app = Settings.App(dir, MarkdownBlocks.Json("data-settings"), "blog");
        using var db = new ZaskDb(app);
        db.CreateAll();
        await using var server = DataSamples.Serve(app, db);
        var endpoint = server.Bind("tcp://127.0.0.1:*");

        await using var client = new ZeroRpcClient();
        client.Connect(endpoint);
        (await client.CallAsync<int>("add_post", "first", 1)).Should().BePositive();
        var failed = await FluentActions.Awaiting(() => client.CallAsync<int>("add_two_posts", "second")).Should().ThrowAsync<RemoteException>();
        failed.Which.Name.Should().Be("ValueError");
        (await client.CallAsync<List<string>>("titles")).Should().Equal("first", "second");
    }
}
