namespace Zask.Data.Tests.Support;

/// <summary>A ZeroRPC service working through db.Session, as an application's would.</summary>
public sealed class UserService
{
    private readonly ZaskDb _db;
    private int _arrived;
    private readonly TaskCompletionSource _bothArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UserService(ZaskDb db) => _db = db;

    public async Task<int> AddUser(string name)
    {
        var user = _db.Session.Add(new User { Username = name });
        await _db.Session.CommitAsync();
        return user.Id;
    }

    public async Task AddThenFail(string name)
    {
        _db.Session.Add(new User { Username = name });
        _db.Session.Add(new AdminUser { Name = name });
        await Task.Yield();
        throw new InvalidOperationException("failed after adding " + name);
    }

    public void AddWithoutCommit(string name) => _db.Session.Add(new User { Username = name });

    public Task<int> CountUsers() => _db.Query<User>().CountAsync();

    public Task<int> CountAdmins() => _db.Query<AdminUser>().CountAsync();

    /// <summary>Waits until two calls are in flight together, then reports its session.</summary>
    public async Task<string> SessionId(string name)
    {
        var before = _db.Session;
        _db.Session.Add(new User { Username = name });
        if (Interlocked.Increment(ref _arrived) == 2)
        {
            _bothArrived.TrySetResult();
        }
        await _bothArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        if (!ReferenceEquals(before, _db.Session))
        {
            throw new InvalidOperationException("the session changed within a call");
        }
        // Each call sees only its own pending object.
        var pending = _db.Session.GetContext(typeof(User)).ChangeTracker.Entries<User>().Select(e => e.Entity.Username).ToList();
        if (pending.Count != 1 || pending[0] != name)
        {
            throw new InvalidOperationException("another call's changes leaked in: " + string.Join(",", pending));
        }
        await _db.Session.CommitAsync();
        return before.Id.ToString();
    }
}
