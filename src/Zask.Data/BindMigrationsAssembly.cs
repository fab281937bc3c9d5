using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zask.Data;

/// <summary>
/// Finds the migrations of one bind in the migrations assembly: those marked <see cref="MigrationBindAttribute"/>
/// with the bind's key, or whose namespace ends with the key (<c>.Migrations.Users</c> for <c>users</c>); the rest
/// belong to the default database. One <see cref="BindDbContext"/> class thus serves every bind's migrations.
/// </summary>
internal sealed class BindMigrationsAssembly : IMigrationsAssembly
{
    private readonly string? _bind;
    private readonly IReadOnlyCollection<string> _binds;
    private readonly Lazy<IReadOnlyDictionary<string, TypeInfo>> _migrations;
    private readonly Lazy<ModelSnapshot?> _snapshot;

    public BindMigrationsAssembly(ICurrentDbContext currentContext, IDbContextOptions options)
    {
        var context = currentContext.Context as BindDbContext;
        _bind = context?.ModelBind;
        _binds = context?.Db.BindKeys ?? [];
        var assemblyName = RelationalOptionsExtension.Extract(options).MigrationsAssembly;
        Assembly = assemblyName is null
            ? context?.Db.MigrationsAssembly ?? currentContext.Context.GetType().Assembly
            : Assembly.Load(new AssemblyName(assemblyName));
        _migrations = new(FindMigrations);
        _snapshot = new(FindSnapshot);
    }

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations.Value;

    public ModelSnapshot? ModelSnapshot => _snapshot.Value;

    public Assembly Assembly { get; }

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase))
        ?? Migrations.Keys.FirstOrDefault(id => string.Equals(id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..], nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private IReadOnlyDictionary<string, TypeInfo> FindMigrations()
    {
        var found = new SortedDictionary<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in LoadableTypes())
        {
            if (type.IsAbstract || !type.IsSubclassOf(typeof(Migration)) || !BelongsHere(type))
            {
                continue;
            }
            if (type.GetCustomAttribute<MigrationAttribute>() is { } attribute)
            {
                found[attribute.Id] = type.GetTypeInfo();
            }
        }
        return found;
    }

    private ModelSnapshot? FindSnapshot()
    {
        var type = LoadableTypes().FirstOrDefault(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModelSnapshot)) && BelongsHere(t));
        return type is null ? null : (ModelSnapshot)Activator.CreateInstance(type)!;
    }

    private bool BelongsHere(Type type)
    {
        var context = type.GetCustomAttribute<DbContextAttribute>();
        if (context is not null && !typeof(BindDbContext).IsAssignableFrom(context.ContextType))
        {
            return false;
        }
        return string.Equals(BindOf(type), _bind, StringComparison.Ordinal);
    }

    private string? BindOf(Type type)
    {
        if (type.GetCustomAttribute<MigrationBindAttribute>() is { } marked)
        {
            return marked.Key;
        }
        var segment = type.Namespace?.Split('.')[^1];
        return segment is null ? null : _binds.FirstOrDefault(b => Normalize(b) == Normalize(segment));
    }

    private static string Normalize(string name) => new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    private IEnumerable<Type> LoadableTypes()
    {
        try
        {
            return Assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
