using Microsoft.EntityFrameworkCore;

namespace Zask.Data;

/// <summary>
/// The EF Core context of one bind: its model holds only the entity types of that bind, and it connects to the
/// bind's database (or, through <see cref="ZaskSession.UsingBind"/>, to another bind with the same tables, such as a
/// read replica). A context of a read-only bind refuses to save changes. Sessions create and dispose these; use
/// <see cref="ZaskDb.CreateContext"/> for one of your own (migrations, bulk work).
/// </summary>
public class BindDbContext : DbContext
{
    internal BindDbContext(DbContextOptions options, ZaskDb db, string? bind, BindModel model, bool isReadOnly, DatabaseProvider provider)
        : base(options)
    {
        Db = db;
        Bind = bind;
        BindModel = model;
        IsReadOnly = isReadOnly;
        Provider = provider;
    }

    /// <summary>The extension that created the context.</summary>
    public ZaskDb Db { get; }

    /// <summary>The bind whose database the context connects to (<c>null</c>: the default database).</summary>
    public string? Bind { get; }

    /// <summary>The bind whose models the context maps (<c>null</c>: the default database's models).</summary>
    public string? ModelBind => BindModel.Bind;

    /// <summary><c>true</c> when the connected bind is read-only: saving changes throws <see cref="ReadOnlyBindException"/>.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The database engine.</summary>
    public DatabaseProvider Provider { get; }

    internal BindModel BindModel { get; }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        BindModel.Configure(modelBuilder);
    }

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureWritable();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <inheritdoc />
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void EnsureWritable()
    {
        if (IsReadOnly && ChangeTracker.HasChanges())
        {
            throw new ReadOnlyBindException(Bind);
        }
    }
}
