using Microsoft.EntityFrameworkCore.Design;

namespace Zask.Data;

/// <summary>
/// Base of the design-time factory <c>dotnet ef</c> uses to build a bind's context. Derive from it in the project
/// holding the migrations, build the app and <see cref="ZaskDb"/> as the service does, and pick the bind on the
/// command line after <c>--</c>: <c>dotnet ef migrations add AddEmail -- --bind users</c> (no <c>--bind</c>: the
/// default database).
/// </summary>
public abstract class ZaskDbDesignTimeFactory : IDesignTimeDbContextFactory<BindDbContext>
{
    /// <summary>Creates the extension, bound to an app configured like the service's.</summary>
    /// <returns>The extension.</returns>
    protected abstract ZaskDb CreateDb();

    /// <summary>Creates the context of the bind named by <c>--bind KEY</c> (or <c>--bind=KEY</c>).</summary>
    /// <param name="args">The arguments given after <c>--</c> on the <c>dotnet ef</c> command line.</param>
    /// <returns>The context.</returns>
    public BindDbContext CreateDbContext(string[] args) => CreateDb().CreateContext(ParseBind(args ?? []));

    /// <summary>The bind named in design-time arguments; <c>null</c> for the default database.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The bind key.</returns>
    public static string? ParseBind(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--bind" && i + 1 < args.Count)
            {
                return args[i + 1];
            }
            if (args[i].StartsWith("--bind=", StringComparison.Ordinal))
            {
                return args[i]["--bind=".Length..];
            }
        }
        return null;
    }
}
