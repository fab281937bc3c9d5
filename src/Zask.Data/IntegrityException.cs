using Zask.ZeroRpc.Server;

namespace Zask.Data;

/// <summary>
/// A commit broke a database constraint (duplicate unique value, missing foreign key, NOT NULL, CHECK).
/// The session has been rolled back and stays usable. A ZeroRPC caller sees the error name <c>IntegrityError</c>
/// (<see cref="RemoteErrorName"/>), as with SQLAlchemy.
/// </summary>
public sealed class IntegrityException : ZeroRpcException
{
    /// <summary>The error name a ZeroRPC caller receives, SQLAlchemy's, unchanged on the wire.</summary>
    public const string RemoteErrorName = "IntegrityError";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What was violated.</param>
    /// <param name="innerException">The provider's error.</param>
    /// <param name="bind">The bind whose commit failed (<c>null</c>: the default database).</param>
    /// <param name="constraintName">The violated constraint, when the database names it.</param>
    public IntegrityException(string message, Exception innerException, string? bind = null, string? constraintName = null)
        : base(RemoteErrorName, message, innerException)
    {
        Bind = bind;
        ConstraintName = constraintName;
    }

    /// <summary>The bind whose commit failed (<c>null</c>: the default database).</summary>
    public string? Bind { get; }

    /// <summary>The violated constraint, when the database names it (PostgreSQL does, SQLite does not).</summary>
    public string? ConstraintName { get; }
}
