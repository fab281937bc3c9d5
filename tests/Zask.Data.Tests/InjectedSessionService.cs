using System.Collections.Concurrent;
using Zask.ZeroRpc.Server;

namespace Zask.Data.Tests;

/// <summary>The sessions the container gave to calls, in call order.</summary>
public sealed class SessionLedger
{
    public ConcurrentQueue<ZaskSession> Seen { get; } = new();
}

/// <summary>A service made by the container for each call, with that call's <see cref="ZaskSession"/> injected.</summary>
[ZeroRpcService("accounts", Version = "1.0")]
public sealed class InjectedSessionService(ZaskSession session, SessionLedger ledger)
{
    public async Task<int> AddUser(string username)
    {
        ledger.Seen.Enqueue(session);
        var user = session.Add(new User { Username = username });
        await session.CommitAsync();
        return user.Id;
    }

    public int CountUsers() => session.Query<User>().Count();
}
