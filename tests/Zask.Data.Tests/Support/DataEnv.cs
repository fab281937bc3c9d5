namespace Zask.Data.Tests.Support;

/// <summary>
/// One test's databases, apps and extensions: SQLite files in a fresh temp folder, or fresh PostgreSQL databases.
/// Disposing drops and deletes everything.
/// </summary>
public sealed class DataEnv : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly List<string> _postgresDatabases = [];
    private readonly TempDir _root = new("zask-data-");

    public DataEnv(DbKind kind)
    {
        Kind = kind;
    }

    public DbKind Kind { get; }

    /// <summary>The app root: relative SQLite paths land here.</summary>
    public string Root => _root.Path;

    /// <summary>A URI of a new, empty database.</summary>
    public string NewUri(string label)
    {
        if (Kind == DbKind.Sqlite)
        {
            return $"sqlite:///{Path.Combine(Root, label + ".db")}";
        }
        var uri = PostgresAdmin.CreateDatabase(label);
        _postgresDatabases.Add(new Uri(uri).AbsolutePath.Trim('/'));
        return uri;
    }

    /// <summary>An app whose default database is <paramref name="uri"/>, with optional binds and settings.</summary>
    public ZaskApp App(string uri, IDictionary<string, object?>? binds = null, IDictionary<string, object?>? settings = null)
    {
        var app = new ZaskApp(new ZaskAppOptions { Name = "data-tests", RootPath = Root, EnvironmentPrefix = null });
        app.Config["SQLALCHEMY_DATABASE_URI"] = uri;
        if (binds is not null)
        {
            app.Config["SQLALCHEMY_BINDS"] = new Dictionary<string, object?>(binds);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, object?>())
        {
            app.Config[key] = value;
        }
        _owned.Add(app);
        return app;
    }

    /// <summary>An extension for <paramref name="app"/> mapping exactly <paramref name="models"/>.</summary>
    public ZaskDb Db(ZaskApp app, params Type[] models) => Db(app, new ZaskDbOptions(), models);

    public ZaskDb Db(ZaskApp app, ZaskDbOptions options, params Type[] models)
    {
        options.ModelAssemblies ??= [];
        var db = new ZaskDb(app, options);
        foreach (var model in models)
        {
            db.Register(model);
        }
        // Disposed before the apps (and before the databases are dropped).
        _owned.Insert(0, db);
        return db;
    }

    /// <summary>The tables that exist in a bind's database.</summary>
    public static HashSet<string> Tables(ZaskDb db, string? bind = null)
    {
        using var context = db.CreateContext(bind);
        return SchemaManager.ExistingTables(context).Select(t => t.Contains('.', StringComparison.Ordinal) ? t[(t.IndexOf('.', StringComparison.Ordinal) + 1)..] : t).ToHashSet();
    }

    /// <summary>Counts rows of a table with a fresh connection (no session involved).</summary>
    public static int Count<T>(ZaskDb db, string? bind = null) where T : Model
    {
        using var session = db.CreateSession();
        return bind is null ? session.Query<T>().Count() : session.Query<T>(bind).Count();
    }

    public void Dispose()
    {
        foreach (var item in _owned)
        {
            item.Dispose();
        }
        foreach (var name in _postgresDatabases)
        {
            PostgresAdmin.DropDatabase(name);
        }
        _root.Dispose();
    }
}
