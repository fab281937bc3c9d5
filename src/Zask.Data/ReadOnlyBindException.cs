namespace Zask.Data;

/// <summary>
/// Changes were saved through a read-only bind (a read replica). Nothing was written; the session has been rolled
/// back.
/// </summary>
public sealed class ReadOnlyBindException : InvalidOperationException
{
    /// <summary>Creates the error for <paramref name="bind"/>.</summary>
    /// <param name="bind">The read-only bind.</param>
    public ReadOnlyBindException(string? bind)
        : base($"bind '{bind ?? "(default)"}' is read-only: writes through it are refused (SQLALCHEMY_READONLY_BINDS)")
    {
        Bind = bind;
    }

    /// <summary>The read-only bind.</summary>
    public string? Bind { get; }
}
