using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Zask.Data;

/// <summary>
/// Creates and drops the tables of one bind, and only those: <c>EnsureCreated</c>/<c>EnsureDeleted</c> work on the
/// whole database, which several binds may share.
/// </summary>
internal static class SchemaManager
{
    /// <summary>Creates the bind's missing tables (with their indexes and keys); existing ones are left alone.</summary>
    public static void CreateTables(BindDbContext context)
    {
        var creator = context.GetService<IRelationalDatabaseCreator>();
        if (!creator.Exists())
        {
            creator.Create();
        }
        var model = context.GetService<IDesignTimeModel>().Model;
        var relational = model.GetRelationalModel();
        var existing = ExistingTables(context);
        var missing = relational.Tables
            .Where(t => !existing.Contains(Qualified(context, t.Schema, t.Name)))
            .Select(t => (t.Schema, t.Name))
            .ToHashSet();
        if (missing.Count == 0)
        {
            return;
        }
        // The same operations EnsureCreated would run, less those on tables that already exist (checkfirst).
        var operations = context.GetService<IMigrationsModelDiffer>().GetDifferences(null, relational)
            .Where(op => TableOf(op) is not { } table || missing.Contains(table))
            .ToList();
        var commands = context.GetService<IMigrationsSqlGenerator>().Generate(operations, model);
        context.GetService<IMigrationCommandExecutor>().ExecuteNonQuery(commands, context.GetService<IRelationalConnection>());
    }

    /// <summary>Drops the bind's tables that exist, dependents first.</summary>
    public static void DropTables(BindDbContext context)
    {
        if (!context.GetService<IRelationalDatabaseCreator>().Exists())
        {
            return;
        }
        var relational = context.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var helper = context.GetService<ISqlGenerationHelper>();
        var cascade = context.Provider == DatabaseProvider.PostgreSql ? " CASCADE" : "";
        foreach (var table in DependentsFirst(relational.Tables))
        {
            // Identifiers come from the model and are quoted by the provider.
            var sql = $"DROP TABLE IF EXISTS {helper.DelimitIdentifier(table.Name, table.Schema)}{cascade}";
            context.Database.ExecuteSqlRaw(sql);
        }
    }

    /// <summary>Names (<c>schema.table</c>) of the tables that exist in the connected database.</summary>
    public static HashSet<string> ExistingTables(BindDbContext context)
    {
        var sql = context.Provider == DatabaseProvider.Sqlite
            ? "SELECT NULL, name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'";
        var connection = context.Database.GetDbConnection();
        var opened = false;
        if (connection.State != ConnectionState.Open)
        {
            context.Database.OpenConnection();
            opened = true;
        }
        try
        {
            using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            using var reader = command.ExecuteReader();
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read())
            {
                names.Add(Qualified(context, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1)));
            }
            return names;
        }
        finally
        {
            if (opened)
            {
                context.Database.CloseConnection();
            }
        }
    }

    private static string Qualified(BindDbContext context, string? schema, string name) =>
        context.Provider == DatabaseProvider.Sqlite ? name : $"{schema ?? "public"}.{name}";

    private static (string? Schema, string Name)? TableOf(MigrationOperation operation) => operation switch
    {
        CreateTableOperation op => (op.Schema, op.Name),
        CreateIndexOperation op => (op.Schema, op.Table),
        AddForeignKeyOperation op => (op.Schema, op.Table),
        AddPrimaryKeyOperation op => (op.Schema, op.Table),
        AddUniqueConstraintOperation op => (op.Schema, op.Table),
        AddCheckConstraintOperation op => (op.Schema, op.Table),
        AlterTableOperation op => (op.Schema, op.Name),
        AlterColumnOperation op => (op.Schema, op.Table),
        AddColumnOperation op => (op.Schema, op.Table),
        _ => null,
    };

    private static List<ITable> DependentsFirst(IEnumerable<ITable> tables)
    {
        var all = tables.ToList();
        var ordered = new List<ITable>();
        var visited = new HashSet<ITable>();
        // Depth-first over "is referenced by": a table is dropped only after every table pointing at it.
        void Visit(ITable table)
        {
            if (!visited.Add(table))
            {
                return;
            }
            foreach (var dependent in all.Where(t => t != table && t.ForeignKeyConstraints.Any(fk => fk.PrincipalTable == table)))
            {
                Visit(dependent);
            }
            ordered.Add(table);
        }
        foreach (var table in all)
        {
            Visit(table);
        }
        return ordered;
    }
}
