namespace Zask.Data;

/// <summary>A bind key was used that <c>SQLALCHEMY_BINDS</c> does not configure.</summary>
public sealed class UnknownBindException : DatabaseConfigException
{
    /// <summary>Creates the error for <paramref name="bind"/>.</summary>
    /// <param name="bind">The unknown key.</param>
    /// <param name="knownBinds">The keys that are configured.</param>
    public UnknownBindException(string bind, IEnumerable<string> knownBinds)
        : base($"SQLALCHEMY_BINDS:{bind}",
            $"bind '{bind}' is not configured (configured binds: {Describe(knownBinds)})")
    {
        Bind = bind;
    }

    /// <summary>The unknown key.</summary>
    public string Bind { get; }

    private static string Describe(IEnumerable<string> binds)
    {
        var list = string.Join(", ", binds.Select(b => $"'{b}'"));
        return list.Length == 0 ? "none" : list;
    }
}
