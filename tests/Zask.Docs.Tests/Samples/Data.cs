using Microsoft.EntityFrameworkCore;
using Zask;
using Zask.Data;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:data-models
[BindKey("users")]
[Index(nameof(Username), IsUnique = true)]
public class Account : Model                      // table "account" in the "users" bind
{
    public int Id { get; set; }
    public string Username { get; set; } = "";
}

public class Post : Model                         // table "post" in the default database
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public int AuthorId { get; set; }             // an Account id: no navigation across binds
}
#endregion

#region docs:data-service
public sealed class BlogService(ZaskDb db)
{
    public async Task<int> AddPost(string title, int authorId)
    {
        var post = db.Session.Add(new Post { Title = title, AuthorId = authorId });
        await db.Session.CommitAsync();           // committing is the method's job
        return post.Id;
    }

    public async Task<int> AddTwoPosts(string title)
    {
        db.Session.Add(new Post { Title = title });
        await db.Session.CommitAsync();
        db.Session.Add(new Post { Title = title + " (2)" });
        throw new ZeroRpcException("ValueError", "the second post is refused");   // rolled back, not written
    }

    public Task<List<string>> Titles() =>
        db.Query<Post>().OrderBy(p => p.Id).Select(p => p.Title).ToListAsync();
}
#endregion

#region docs:data-design-time
public sealed class BlogDesignTimeFactory : ZaskDbDesignTimeFactory
{
    protected override ZaskDb CreateDb()
    {
        var app = new ZaskApp("blog");
        app.Config.FromFile("settings.json");
        return new ZaskDb(app);
    }
}
#endregion

public static class DataSamples
{
    public static async Task<(bool Found, int Posts)> BindsAndSessionsAsync(string root)
    {
        #region docs:data-setup
        await using var app = new ZaskApp(new ZaskAppOptions { Name = "blog", RootPath = root });
        app.Config.FromFile("settings.json");
        using var db = new ZaskDb(app);            // reads SQLALCHEMY_DATABASE_URI and SQLALCHEMY_BINDS
        db.CreateAll();                            // the tables of every bind; CreateAll("users") for one

        var admin = db.Session.Add(new Account { Username = "admin" });       // to users.db
        await db.Session.CommitAsync();
        db.Session.Add(new Post { Title = "Hello", AuthorId = admin.Id });     // to blog.db
        await db.Session.CommitAsync();

        var found = await db.Query<Account>().FirstOrDefaultAsync(a => a.Username == "admin");
        var posts = await db.Query<Post>().CountAsync(p => p.AuthorId == admin.Id);
        #endregion
        return (found is not null, posts);
    }

    public static ZeroRpcServer Serve(ZaskApp app, ZaskDb db)
    {
        #region docs:data-rpc
        var rpc = new ZeroRpcExtension(app);
        rpc.RegisterMiddleware(new SessionMiddleware(db));   // one session per call, rolled back on failure
        var server = rpc.Server(new BlogService(db));
        #endregion
        return server;
    }
}
