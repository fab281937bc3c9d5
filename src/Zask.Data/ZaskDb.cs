using System.Reflection;
using System.Runtime.CompilerServices;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.Data;

/// <summary>
/// The database extension of a Zask app (Flask-SQLAlchemy's <c>SQLAlchemy</c> object). It reads
/// <c>SQLALCHEMY_DATABASE_URI</c> and <c>SQLALCHEMY_BINDS</c>, maps the <see cref="Model"/> classes of the given
/// assemblies, creates and drops their tables per bind, and hands out one <see cref="ZaskSession"/> per ZeroRPC call
/// (or per async flow outside calls).
/// </summary>
/// <example>
/// <code>
/// var db = new ZaskDb(app);
/// db.CreateAll();
/// db.Session.Add(new User { Username = "admin" });
/// await db.Session.CommitAsync();
/// var admin = await db.Query&lt;User&gt;().FirstOrDefaultAsync(u =&gt; u.Username == "admin");
/// server.Context.RegisterMiddleware(new SessionMiddleware(db));
/// </code>
/// </example>
public sealed class ZaskDb : IZaskExtension, IDisposable
{
    /// <summary>The key under which the extension registers itself in <see cref="ZaskApp.Extensions"/>.</summary>
    public const string ExtensionName = "sqlalchemy";

    private readonly ZaskDbOptions _options;
    private readonly Assembly _creatorAssembly;
    private readonly Lock _gate = new();
    private readonly CallSessions _sessions;
    private readonly ModelCatalog _models;
    private readonly Dictionary<string, BindEngine> _binds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _readOnly = new(StringComparer.Ordinal);
    private BindEngine? _default;
    // The owner relation: the engines, binds and pools above are built from this app's config, so a ZaskDb is one
    // app's (a second app gets its own). Nothing reads the app through this field after InitApp: it marks the binding.
    private ZaskApp? _app;
    private bool _disposed;

    /// <summary>Creates the extension without an app; call <see cref="InitApp"/> later (application factories).</summary>
    /// <param name="options">Model assemblies and other settings.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public ZaskDb(ZaskDbOptions? options = null)
        : this(Assembly.GetCallingAssembly(), options)
    {
    }

    /// <summary>Creates the extension and binds it to <paramref name="app"/>.</summary>
    /// <param name="app">The application whose config names the databases.</param>
    /// <param name="options">Model assemblies and other settings.</param>
    /// <exception cref="DatabaseConfigException">A URI or setting is malformed or unsupported.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public ZaskDb(ZaskApp app, ZaskDbOptions? options = null)
        : this(Assembly.GetCallingAssembly(), options)
    {
        InitApp(app);
    }

    private ZaskDb(Assembly creator, ZaskDbOptions? options)
    {
        _creatorAssembly = creator;
        _options = options ?? new ZaskDbOptions();
        _sessions = new CallSessions(this);
        _models = new ModelCatalog(() => _options.ModelAssemblies ?? [creator]);
    }

    /// <summary>The app the extension is bound to.</summary>
    /// <exception cref="InvalidOperationException">Not bound yet.</exception>
    public ZaskApp App => _app ?? throw NotInitialized();

    /// <summary>
    /// The defaults of the database keys: <c>SQLALCHEMY_DATABASE_URI</c> <c>sqlite://</c> (in memory),
    /// <c>SQLALCHEMY_ECHO</c> false, <c>SQLALCHEMY_POOL_RECYCLE</c> 3600 and null for <c>SQLALCHEMY_BINDS</c>,
    /// <c>SQLALCHEMY_POOL_SIZE</c>, <c>SQLALCHEMY_POOL_TIMEOUT</c> and <c>SQLALCHEMY_MAX_OVERFLOW</c>.
    /// <see cref="InitApp"/> adds them to the app's config as its lowest layer.
    /// </summary>
    public IReadOnlyDictionary<string, object?> ConfigDefaults => DataSettings.Defaults;

    /// <summary>The default database's URI (<c>SQLALCHEMY_DATABASE_URI</c>).</summary>
    public DatabaseUri DatabaseUri => DefaultEngine.Uri;

    /// <summary>The configured bind keys (<c>SQLALCHEMY_BINDS</c>).</summary>
    public IReadOnlyCollection<string> BindKeys
    {
        get
        {
            lock (_gate)
            {
                return _binds.Keys.ToArray();
            }
        }
    }

    /// <summary>The URI of a bind.</summary>
    /// <param name="bind">The bind key (<c>null</c>: the default database).</param>
    /// <returns>The URI.</returns>
    /// <exception cref="UnknownBindException">The bind is not configured.</exception>
    public DatabaseUri GetUri(string? bind) => Engine(bind).Uri;

    /// <summary>The final connection string of a bind, pool settings included.</summary>
    /// <param name="bind">The bind key (<c>null</c>: the default database).</param>
    /// <returns>The connection string.</returns>
    public string GetConnectionString(string? bind) => Engine(bind).ConnectionString;

    /// <summary>The mapped model classes (discovered and registered).</summary>
    public IReadOnlyCollection<Type> Models => _models.All;

    /// <summary>The assembly the migrations are looked up in.</summary>
    public Assembly MigrationsAssembly =>
        _options.MigrationsAssembly ?? _options.ModelAssemblies?.FirstOrDefault() ?? _creatorAssembly;

    /// <summary>
    /// The session of the current ZeroRPC call (ended by <see cref="SessionMiddleware"/>), or outside a call the
    /// session of the current async flow (ended by <see cref="RemoveSession"/>). Created on first use.
    /// </summary>
    public ZaskSession Session
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _sessions.Current;
        }
    }

    /// <summary>Creates a session of your own, independent of <see cref="Session"/>; dispose it when done.</summary>
    /// <returns>The session.</returns>
    public ZaskSession CreateSession()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ZaskSession(this);
    }

    /// <summary>
    /// Ends the current call's or async flow's session (Flask-SQLAlchemy's <c>session.remove()</c>): uncommitted
    /// changes are discarded; the next use of <see cref="Session"/> starts a new one.
    /// </summary>
    public void RemoveSession() => _sessions.RemoveCurrent();

    /// <summary>Binds the extension to an app: reads the database settings and registers services.</summary>
    /// <param name="app">The application.</param>
    /// <exception cref="DatabaseConfigException">A URI or setting is malformed or unsupported.</exception>
    public void InitApp(ZaskApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        lock (_gate)
        {
            if (_app is not null)
            {
                throw new InvalidOperationException(ReferenceEquals(_app, app)
                    ? "This ZaskDb is already bound to the app."
                    : "This ZaskDb is already bound to another app; create one ZaskDb per app.");
            }
            app.Config.SetDefaults(ConfigDefaults);
            // Everything is read and checked before anything is kept: a bad setting leaves the extension unbound.
            var settings = DataSettings.Read(app.Config, app.RootPath);
            var echo = settings.Echo ? _options.EchoLogger ?? app.Logger : null;
            _default = new BindEngine(null, settings.DefaultUri, settings.Pool.Apply(settings.DefaultUri), echo, MigrationsAssembly);
            foreach (var (key, uri) in settings.Binds)
            {
                _binds[key] = new BindEngine(key, uri, settings.Pool.Apply(uri), echo, MigrationsAssembly);
            }
            _readOnly.UnionWith(settings.ReadOnlyBinds);
            FleetLease = settings.FleetLease;
            _app = app;
        }
        app.Extensions[ExtensionName] = this;
        if (!app.IsBuilt)
        {
            app.Services.AddZaskDb(this);
            AddHealthChecks(app.Services);
        }
    }

    /// <summary>
    /// One EF Core health check per database: <c>database</c> for the default one, <c>database:KEY</c> for each bind.
    /// Each asks its database whether it can connect (for SQLite, whether the file is there), so a database that went
    /// away makes the app report unhealthy.
    /// </summary>
    private void AddHealthChecks(IServiceCollection services)
    {
        services.TryAddScoped(_ => CreateContext());
        var checks = services.AddHealthChecks().AddDbContextCheck<BindDbContext>("database");
        foreach (var bind in _binds.Keys.Order(StringComparer.Ordinal))
        {
            // The check's own context is the default database's; the query asks the bind's.
            checks.AddDbContextCheck<BindDbContext>($"database:{bind}", customTestQuery: async (_, cancellationToken) =>
            {
                await using var context = CreateContext(bind);
                return await context.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false);
            });
        }
    }

    /// <summary>Maps a model class (in addition to those discovered in the model assemblies).</summary>
    /// <typeparam name="T">The model.</typeparam>
    public void Register<T>() where T : Model => Register(typeof(T));

    /// <summary>Maps a model class.</summary>
    /// <param name="modelType">A non-abstract class deriving from <see cref="Model"/>.</param>
    public void Register(Type modelType) => _models.Register(modelType);

    /// <summary>Makes a bind read-only (a read replica): saving changes through it throws <see cref="ReadOnlyBindException"/>.</summary>
    /// <param name="bind">The bind key.</param>
    public void MarkReadOnly(string bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        Engine(bind);
        lock (_gate)
        {
            _readOnly.Add(bind);
        }
    }

    /// <summary>Whether a bind is read-only.</summary>
    /// <param name="bind">The bind key (<c>null</c>: the default database, never read-only).</param>
    /// <returns><c>true</c> when writes through the bind are refused.</returns>
    public bool IsReadOnly(string? bind)
    {
        if (bind is null)
        {
            return false;
        }
        lock (_gate)
        {
            return _readOnly.Contains(bind);
        }
    }

    /// <summary>The bind key of a model class (<see cref="BindKeyAttribute"/>); <c>null</c> for the default database.</summary>
    /// <param name="modelType">The model.</param>
    /// <returns>The key.</returns>
    public static string? GetBindKey(Type modelType) => TableNames.BindKey(modelType);

    /// <summary>The table name of a model class.</summary>
    /// <param name="modelType">The model.</param>
    /// <returns>The name.</returns>
    public static string GetTableName(Type modelType) => TableNames.For(modelType);

    /// <summary>Queries a model in the current session (<c>Model.query</c>).</summary>
    /// <typeparam name="T">The model.</typeparam>
    /// <returns>The query.</returns>
    public IQueryable<T> Query<T>() where T : Model => Session.Query<T>();

    /// <summary>Queries a model on another bind with the same tables (a read replica), in the current session.</summary>
    /// <typeparam name="T">The model.</typeparam>
    /// <param name="bind">The bind to read from.</param>
    /// <returns>The query.</returns>
    public IQueryable<T> Query<T>(string? bind) where T : Model => Session.Query<T>(bind);

    /// <summary>A query over a collection navigation (a "dynamic" relationship), in the current session.</summary>
    /// <typeparam name="T">The owning model.</typeparam>
    /// <typeparam name="TRelated">The related model.</typeparam>
    /// <param name="entity">The owner.</param>
    /// <param name="navigation">The collection, e.g. <c>c =&gt; c.Posts</c>.</param>
    /// <returns>The query.</returns>
    public IQueryable<TRelated> Related<T, TRelated>(T entity, Expression<Func<T, IEnumerable<TRelated>>> navigation)
        where T : Model
        where TRelated : class => Session.Related(entity, navigation);

    /// <summary>
    /// A context of your own for a bind (dispose it): for migrations, design-time tools and bulk work.
    /// </summary>
    /// <param name="bind">The bind (<c>null</c>: the default database).</param>
    /// <returns>The context, mapping the bind's models.</returns>
    public BindDbContext CreateContext(string? bind = null) => CreateContextCore(bind, bind);

    /// <summary>Creates the missing tables of every bind (existing tables are left alone).</summary>
    public void CreateAll() => CreateAll(AllBinds());

    /// <summary>Creates the missing tables of one bind.</summary>
    /// <param name="bind">The bind (<c>null</c>: the default database).</param>
    public void CreateAll(string? bind) => CreateAll([bind]);

    /// <summary>Creates the missing tables of several binds.</summary>
    /// <param name="binds">The binds (<c>null</c> stands for the default database).</param>
    public void CreateAll(IEnumerable<string?> binds) => ForEachBind(binds, SchemaManager.CreateTables);

    /// <summary>Drops the tables of every bind's models.</summary>
    public void DropAll() => DropAll(AllBinds());

    /// <summary>Drops the tables of one bind's models (other tables of the database are untouched).</summary>
    /// <param name="bind">The bind (<c>null</c>: the default database).</param>
    public void DropAll(string? bind) => DropAll([bind]);

    /// <summary>Drops the tables of several binds' models.</summary>
    /// <param name="binds">The binds (<c>null</c> stands for the default database).</param>
    public void DropAll(IEnumerable<string?> binds) => ForEachBind(binds, SchemaManager.DropTables);

    /// <summary>Applies a bind's EF Core migrations (see the README).</summary>
    /// <param name="bind">The bind (<c>null</c>: the default database).</param>
    /// <param name="targetMigration">Migrate up or down to this migration; <c>null</c>: the latest.</param>
    public void Migrate(string? bind = null, string? targetMigration = null)
    {
        using var context = CreateContext(bind);
        context.GetService<IMigrator>().Migrate(targetMigration);
    }

    /// <summary>Closes the in-memory databases' connections and clears the connection pools.</summary>
    public void Dispose()
    {
        List<BindEngine> engines;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            engines = [.. _binds.Values];
            if (_default is not null)
            {
                engines.Add(_default);
            }
        }
        _sessions.DisposeAmbient();
        foreach (var engine in engines)
        {
            engine.Dispose();
        }
    }

    /// <summary>Starts a new session for the current async flow (a job run), replacing any it inherited.</summary>
    internal ZaskSession StartFlowSession()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _sessions.StartFlow();
    }

    /// <summary>Ends a session <see cref="StartFlowSession"/> started.</summary>
    internal void EndFlowSession(ZaskSession session) => _sessions.EndFlow(session);

    internal void EndCallSession(ServerCallContext call) => _sessions.EndCall(call);

    /// <summary>How long a SQLite fleet lock lasts unless its holder renews it (<c>JOBS_FLEET_LEASE</c>).</summary>
    internal TimeSpan FleetLease { get; private set; } = TimeSpan.FromSeconds(DataSettings.DefaultFleetLeaseSeconds);

    internal BindEngine Engine(string? bind)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_app is null)
            {
                throw NotInitialized();
            }
            if (bind is null)
            {
                return _default!;
            }
            return _binds.TryGetValue(bind, out var engine) ? engine : throw new UnknownBindException(bind, _binds.Keys);
        }
    }

    internal string? BindOf(Type modelType) => _models.BindOf(modelType);

    internal BindDbContext CreateContextCore(string? connectionBind, string? modelBind)
    {
        var engine = Engine(connectionBind);
        return new BindDbContext(engine.Options, this, connectionBind, ModelFor(modelBind), IsReadOnly(connectionBind), engine.Uri.Provider);
    }

    private BindModel ModelFor(string? bind) => _models.ModelFor(bind);

    private void ForEachBind(IEnumerable<string?> binds, Action<BindDbContext> action)
    {
        ArgumentNullException.ThrowIfNull(binds);
        var selected = binds.Distinct().ToList();
        // Every key is checked before any database is touched.
        foreach (var bind in selected)
        {
            Engine(bind);
        }
        foreach (var bind in selected)
        {
            if (ModelFor(bind).Types.Count == 0)
            {
                continue;
            }
            using var context = CreateContext(bind);
            action(context);
        }
    }

    private List<string?> AllBinds()
    {
        Engine(null);
        lock (_gate)
        {
            return [null, .. _binds.Keys];
        }
    }

    private BindEngine DefaultEngine => Engine(null);

    private static InvalidOperationException NotInitialized() =>
        new("This ZaskDb is not bound to an app: pass the app to the constructor or call InitApp(app).");
}
