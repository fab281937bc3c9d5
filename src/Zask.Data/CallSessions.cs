using Zask.ZeroRpc.Middleware;

namespace Zask.Data;

/// <summary>
/// Where a <see cref="ZaskDb"/> keeps its current sessions: one per ZeroRPC call, in the call's items (so that
/// concurrent calls never see each other's), and outside calls one per async flow.
/// </summary>
internal sealed class CallSessions(ZaskDb db)
{
    private readonly AsyncLocal<ZaskSession?> _ambient = new();
    // One key per ZaskDb, so that two databases used in one call keep their own sessions.
    private readonly string _callItemKey = "Zask.Data.Session#" + Guid.NewGuid().ToString("N");

    /// <summary>The current call's or async flow's session, created on first use.</summary>
    public ZaskSession Current
    {
        get
        {
            if (ServerCallContext.Current is { } call)
            {
                lock (call.Items)
                {
                    if (call.Items.TryGetValue(_callItemKey, out var item) && item is ZaskSession { IsDisposed: false } existing)
                    {
                        return existing;
                    }
                    var created = new ZaskSession(db);
                    call.Items[_callItemKey] = created;
                    return created;
                }
            }
            var ambient = _ambient.Value;
            if (ambient is null || ambient.IsDisposed)
            {
                ambient = new ZaskSession(db);
                _ambient.Value = ambient;
            }
            return ambient;
        }
    }

    /// <summary>Ends the current call's or async flow's session; the next use starts a new one.</summary>
    public void RemoveCurrent()
    {
        if (ServerCallContext.Current is { } call)
        {
            EndCall(call);
            return;
        }
        var ambient = _ambient.Value;
        _ambient.Value = null;
        ambient?.Dispose();
    }

    /// <summary>Starts a new session for the current async flow (a job run), replacing any it inherited.</summary>
    public ZaskSession StartFlow()
    {
        var session = new ZaskSession(db);
        _ambient.Value = session;
        return session;
    }

    /// <summary>Ends a session <see cref="StartFlow"/> started.</summary>
    public void EndFlow(ZaskSession session)
    {
        if (ReferenceEquals(_ambient.Value, session))
        {
            _ambient.Value = null;
        }
        session.Dispose();
    }

    /// <summary>Ends the session of <paramref name="call"/>, if it has one.</summary>
    public void EndCall(ServerCallContext call)
    {
        ZaskSession? session;
        lock (call.Items)
        {
            session = call.Items.TryGetValue(_callItemKey, out var item) ? item as ZaskSession : null;
            call.Items.Remove(_callItemKey);
        }
        session?.Dispose();
    }

    /// <summary>Ends this async flow's session (the one that disposes the database).</summary>
    public void DisposeAmbient() => _ambient.Value?.Dispose();
}
