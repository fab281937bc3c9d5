using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Npgsql;

namespace Zask.Data;

/// <summary>
/// A unit of work (SQLAlchemy's session) that spans every bind it touches: the first use of a bind opens that
/// bind's <see cref="BindDbContext"/>. Inside a ZeroRPC call, <see cref="ZaskDb.Session"/> is the call's own session
/// and <see cref="SessionMiddleware"/> ends it; elsewhere it is the current async flow's session. Not thread-safe:
/// one session serves one call.
/// </summary>
public sealed class ZaskSession : IDisposable, IAsyncDisposable
{
    private readonly SessionState _state;

    internal ZaskSession(ZaskDb db)
        : this(db, new SessionState(), null, false)
    {
    }

    private ZaskSession(ZaskDb db, SessionState state, string? bindOverride, bool hasOverride)
    {
        Db = db;
        _state = state;
        BindOverride = bindOverride;
        HasBindOverride = hasOverride;
    }

    /// <summary>The extension the session belongs to.</summary>
    public ZaskDb Db { get; }

    /// <summary>An id unique to the unit of work (shared by its <see cref="UsingBind"/> views).</summary>
    public Guid Id => _state.Id;

    /// <summary>The bind every model is routed to through this view (see <see cref="UsingBind"/>).</summary>
    public string? BindOverride { get; }

    /// <summary><c>true</c> for a view made by <see cref="UsingBind"/>.</summary>
    public bool HasBindOverride { get; }

    /// <summary><c>true</c> once the session has been disposed (it can no longer be used).</summary>
    public bool IsDisposed => _state.Disposed;

    /// <summary>
    /// A view of this unit of work that sends every model to <paramref name="bind"/> — typically a read replica
    /// configured with the same tables. Writes through a read-only bind are refused at commit.
    /// </summary>
    /// <param name="bind">The bind (<c>null</c>: the default database).</param>
    /// <returns>The view; committing or rolling it back commits or rolls back the whole session.</returns>
    public ZaskSession UsingBind(string? bind)
    {
        Db.Engine(bind);
        return new ZaskSession(Db, _state, bind, true);
    }

    /// <summary>Queries a model on its bind (or on this view's bind).</summary>
    /// <typeparam name="T">The model.</typeparam>
    /// <returns>A query; results are tracked, so changes to them are saved by <see cref="CommitAsync"/>.</returns>
    public IQueryable<T> Query<T>() where T : Model => ContextFor(typeof(T)).Set<T>();

    /// <summary>Queries a model on another bind configured with the same tables (a read replica).</summary>
    /// <typeparam name="T">The model.</typeparam>
    /// <param name="bind">The bind to read from (<c>null</c>: the default database).</param>
    /// <returns>A query.</returns>
    public IQueryable<T> Query<T>(string? bind) where T : Model => Context(bind, typeof(T)).Set<T>();

    /// <summary>Adds a new object; it is inserted by <see cref="CommitAsync"/>.</summary>
    /// <typeparam name="T">The model.</typeparam>
    /// <param name="entity">The object.</param>
    /// <returns>The object.</returns>
    public T Add<T>(T entity) where T : Model
    {
        ArgumentNullException.ThrowIfNull(entity);
        ContextFor(entity.GetType()).Add((object)entity);
        return entity;
    }

    /// <summary>Adds several new objects.</summary>
    /// <param name="entities">The objects (of any models and binds).</param>
    public void AddRange(IEnumerable<Model> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        foreach (var entity in entities)
        {
            Add(entity);
        }
    }

    /// <summary>Marks an object for deletion at <see cref="CommitAsync"/>.</summary>
    /// <typeparam name="T">The model.</typeparam>
    /// <param name="entity">The object.</param>
    public void Remove<T>(T entity) where T : Model
    {
        ArgumentNullException.ThrowIfNull(entity);
        ContextFor(entity.GetType()).Remove((object)entity);
    }

    /// <summary>EF's change-tracking entry of an object, in the context of its bind.</summary>
    /// <typeparam name="T">The model.</typeparam>
    /// <param name="entity">The object.</param>
    /// <returns>The entry.</returns>
    public EntityEntry<T> Entry<T>(T entity) where T : Model
    {
        ArgumentNullException.ThrowIfNull(entity);
        return ContextFor(entity.GetType()).Entry(entity);
    }

    /// <summary>
    /// A query over a collection navigation (SQLAlchemy's <c>lazy="dynamic"</c> relationship): filter, order or count
    /// <c>category.Posts</c> in the database without loading it.
    /// </summary>
    /// <typeparam name="T">The owning model.</typeparam>
    /// <typeparam name="TRelated">The related model.</typeparam>
    /// <param name="entity">The owner (tracked by this session or not).</param>
    /// <param name="navigation">The collection, e.g. <c>c =&gt; c.Posts</c>.</param>
    /// <returns>The query.</returns>
    public IQueryable<TRelated> Related<T, TRelated>(T entity, Expression<Func<T, IEnumerable<TRelated>>> navigation)
        where T : Model
        where TRelated : class
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(navigation);
        return ContextFor(entity.GetType()).Entry(entity).Collection(navigation).Query();
    }

    /// <summary>
    /// The context of a bind for a model type, opened on first use (an escape hatch to the EF Core API).
    /// </summary>
    /// <param name="modelType">A model class; its bind (or this view's bind) picks the context.</param>
    /// <returns>The context, owned by the session.</returns>
    public BindDbContext GetContext(Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        return ContextFor(modelType);
    }

    /// <summary><c>true</c> when some context of the session has changes not yet committed.</summary>
    public bool HasChanges => _state.Contexts.Values.Any(c => c.ChangeTracker.HasChanges());

    /// <summary>
    /// Saves the changes of every bind the session touched. With several binds changed, each is written inside its
    /// own transaction and all are committed only once every bind's changes were accepted. On failure everything
    /// uncommitted is rolled back and the session stays usable; a broken constraint surfaces as
    /// <see cref="IntegrityException"/>, a write through a read replica as <see cref="ReadOnlyBindException"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the commit (which then rolls back).</param>
    /// <returns>The number of rows written.</returns>
    public async Task<int> CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_state.Disposed, this);
        var dirty = _state.Contexts.Values.Where(c => c.ChangeTracker.HasChanges()).ToList();
        if (dirty.Count == 0)
        {
            return 0;
        }
        if (dirty.FirstOrDefault(c => c.IsReadOnly) is { } readOnly)
        {
            // Refused before anything is written, so no other bind is half-committed.
            Rollback();
            throw new ReadOnlyBindException(readOnly.Bind);
        }
        BindDbContext? current = null;
        var transactions = new List<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction>();
        try
        {
            var written = 0;
            if (dirty.Count == 1)
            {
                current = dirty[0];
                return await current.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            foreach (var context in dirty)
            {
                current = context;
                if (context.Database.CurrentTransaction is null)
                {
                    transactions.Add(await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false));
                }
                written += await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken).ConfigureAwait(false);
            }
            current = null;
            foreach (var transaction in transactions)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            transactions.Clear();
            foreach (var context in dirty)
            {
                context.ChangeTracker.AcceptAllChanges();
            }
            return written;
        }
        catch (Exception ex)
        {
            foreach (var transaction in transactions)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            Rollback();
            if (Translate(ex, current?.Bind) is { } translated)
            {
                throw translated;
            }
            throw;
        }
    }

    /// <summary>Saves the changes of every bind (see <see cref="CommitAsync"/>).</summary>
    /// <returns>The number of rows written.</returns>
    public int Commit() => CommitAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Discards everything not committed: pending objects, changes and open transactions. Objects loaded before are
    /// detached; query again to see the database's state.
    /// </summary>
    public void Rollback()
    {
        var contexts = _state.Contexts.Values.ToList();
        _state.Contexts.Clear();
        foreach (var context in contexts)
        {
            // Disposing rolls back an open transaction and forgets every tracked change.
            context.Dispose();
        }
    }

    /// <summary>Discards everything not committed (see <see cref="Rollback"/>).</summary>
    /// <returns>A completed task.</returns>
    public async Task RollbackAsync()
    {
        var contexts = _state.Contexts.Values.ToList();
        _state.Contexts.Clear();
        foreach (var context in contexts)
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the session: uncommitted changes are discarded and connections returned to the pool.</summary>
    public void Dispose()
    {
        if (_state.Disposed)
        {
            return;
        }
        Rollback();
        _state.Disposed = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_state.Disposed)
        {
            return;
        }
        await RollbackAsync().ConfigureAwait(false);
        _state.Disposed = true;
    }

    private BindDbContext ContextFor(Type modelType) =>
        Context(HasBindOverride ? BindOverride : Db.BindOf(modelType), modelType);

    private BindDbContext Context(string? connectionBind, Type modelType)
    {
        ObjectDisposedException.ThrowIf(_state.Disposed, this);
        var modelBind = Db.BindOf(modelType);
        var key = (connectionBind, modelBind);
        if (!_state.Contexts.TryGetValue(key, out var context))
        {
            context = Db.CreateContextCore(connectionBind, modelBind);
            _state.Contexts.Add(key, context);
        }
        return context;
    }

    /// <summary>Turns a provider's constraint violation into <see cref="IntegrityException"/>.</summary>
    internal static IntegrityException? Translate(Exception exception, string? bind)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SqliteException { SqliteErrorCode: 19 } sqlite:
                    return new IntegrityException(sqlite.Message, exception, bind);
                case PostgresException postgres when postgres.SqlState.StartsWith("23", StringComparison.Ordinal):
                    return new IntegrityException($"{postgres.MessageText}{(postgres.Detail is { } d ? " (" + d + ")" : "")}", exception, bind, postgres.ConstraintName);
            }
        }
        return null;
    }

    private sealed class SessionState
    {
        public Guid Id { get; } = Guid.NewGuid();

        public Dictionary<(string? Connection, string? Model), BindDbContext> Contexts { get; } = [];

        public bool Disposed { get; set; }
    }
}
