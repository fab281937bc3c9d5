using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.Data;

/// <summary>
/// Ends each ZeroRPC call's <see cref="ZaskDb.Session"/> (Flask-SQLAlchemy's teardown): after a successful call the
/// session is closed — committing is the method's job, so uncommitted changes are discarded — and after a failed
/// call everything uncommitted is rolled back, so a failed call leaves nothing half-written.
/// </summary>
public sealed class SessionMiddleware : IZeroRpcMiddleware
{
    private readonly ZaskDb _db;

    /// <summary>Creates the middleware for <paramref name="db"/>.</summary>
    /// <param name="db">The extension whose call sessions are ended.</param>
    public SessionMiddleware(ZaskDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
    }

    /// <inheritdoc />
    public void ServerAfterExec(ServerCallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        _db.EndCallSession(call);
    }

    /// <inheritdoc />
    public void ServerCallEnded(ServerCallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        // A lost caller skips both hooks above; the session must still go (ending it twice is harmless).
        _db.EndCallSession(call);
    }

    /// <inheritdoc />
    public void ServerInspectException(ServerCallContext call, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(call);
        // Disposing the session's contexts rolls back open transactions and drops every pending change.
        _db.EndCallSession(call);
    }
}
