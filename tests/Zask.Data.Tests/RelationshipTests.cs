namespace Zask.Data.Tests;

/// <summary>Flask-SQLAlchemy's quickstart example: categories and their posts.</summary>
public class RelationshipTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Posts_belong_to_categories(DbKind kind)
    {
        using var env = new DataEnv(kind);
        using var db = env.Db(env.App(env.NewUri("blog")), typeof(Category), typeof(Post));
        db.CreateAll();

        var py = new Category { Name = "Python" };
        var post = new Post { Title = "Hello Python!", Body = "Python is pretty cool", Category = py };
        db.Session.Add(post);
        db.Session.Add(new Post { Title = "Snakes", Body = "Ssss", Category = py, PubDate = new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        db.Session.Add(new Post { Title = "Other", Body = "x", Category = new Category { Name = "Go" } });
        await db.Session.CommitAsync();
        py.Posts.Should().HaveCount(2, "the relationship is filled in both directions");
        post.CategoryId.Should().Be(py.Id);

        db.RemoveSession();
        var category = await db.Query<Category>().Include(c => c.Posts).SingleAsync(c => c.Name == "Python");
        category.Posts.Select(p => p.Title).Should().BeEquivalentTo(["Hello Python!", "Snakes"]);

        // "Dynamic" relationship: query the collection without loading it.
        db.RemoveSession();
        var lazy = await db.Query<Category>().SingleAsync(c => c.Name == "Python");
        lazy.Posts.Should().BeEmpty("nothing was loaded");
        var titles = await db.Related(lazy, c => c.Posts).Where(p => p.PubDate > new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc))
            .Select(p => p.Title).ToListAsync();
        titles.Should().Equal("Hello Python!");
        (await db.Related(lazy, c => c.Posts).CountAsync()).Should().Be(2);
        (await db.Query<Post>().Where(p => p.Category == lazy).CountAsync()).Should().Be(2);
        (await db.Query<Post>().Where(p => p.Category!.Name == "Go").Select(p => p.Title).SingleAsync()).Should().Be("Other");

        // Also for an object this session never loaded.
        var detached = new Category { Id = lazy.Id };
        await using var fresh = db.CreateSession();
        (await fresh.Related(detached, c => c.Posts).CountAsync()).Should().Be(2);
    }
}
