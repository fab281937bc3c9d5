using Microsoft.EntityFrameworkCore;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using Zask.Data;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Showcase;

/// <summary>
/// The showcase service. Its method names and shapes are a contract that tools and tests outside this repository
/// rely on: change them only by adding. Errors carry the names zerorpc-python's test service raises, so that a
/// caller sees the same error from this service as from a Python one.
/// </summary>
[ZeroRpcService("showcase", Version = "1.0")]
public sealed class ShowcaseService
{
    // Task.Delay waits at most 2^32 - 2 milliseconds.
    private const int LongestSleepSeconds = 4_294_967;

    private readonly ZaskDb? _db;
    private readonly JobRunCounter? _jobRuns;

    /// <summary>Creates the service; without a database the user methods answer with an error.</summary>
    public ShowcaseService(ZaskDb? db = null) => _db = db;

    /// <summary>Creates the service with the counter of its one-second job (<see cref="JobRuns"/>).</summary>
    public ShowcaseService(ZaskDb? db, JobRunCounter jobRuns)
    {
        _db = db;
        _jobRuns = jobRuns;
    }

    /// <summary>Returns a greeting.</summary>
    [Description("Return a greeting for name.")]
    public string Hello(string name) => $"Hello, {name}!";

    /// <summary>Adds two numbers: integers give an integer, anything else a float.</summary>
    [Description("Return a + b (integers or floats).")]
    public object Add(object a, object b) => Numbers.Add(a, b);

    /// <summary>Returns the value unchanged.</summary>
    [Description("Return value unchanged (any MessagePack value).")]
    public object? Echo(object? value) => value;

    /// <summary>Streams 0..n-1.</summary>
    [Description("Stream the integers 0..n-1.")]
    public async IAsyncEnumerable<long> Range(long n, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (long i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return i;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Always fails with the given message.</summary>
    [Description("Always raise ValueError(message).")]
    public object? Fail(string message = "boom") => throw new ZeroRpcException("ValueError", message);

    /// <summary>Streams 0..n-1, then fails.</summary>
    [Description("Stream 0..n-1, then raise RuntimeError('stream failed').")]
    public async IAsyncEnumerable<long> StreamFail(long n, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var i in Range(n, cancellationToken).ConfigureAwait(false))
        {
            yield return i;
        }
        throw new ZeroRpcException("RuntimeError", "stream failed");
    }

    /// <summary>Waits without blocking a thread, then returns the seconds it waited.</summary>
    [Description("Sleep for seconds (asynchronously), then return seconds.")]
    public async Task<object> Sleep(object seconds, CancellationToken cancellationToken)
    {
        var wait = Numbers.ToDouble(seconds);
        // Checked here so that the caller reads what was wrong with its argument, not Task.Delay's complaint about
        // milliseconds. NaN fails both comparisons.
        if (!(wait >= 0 && wait <= LongestSleepSeconds))
        {
            throw new ZeroRpcException("ValueError",
                $"sleep() argument 'seconds' must be from 0 to {LongestSleepSeconds} (about 49 days), not {Convert.ToString(seconds, CultureInfo.InvariantCulture)}");
        }
        await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken).ConfigureAwait(false);
        return seconds;
    }

    /// <summary>Returns the request header as received (task context included).</summary>
    [Description("Return the zerorpc header of this request exactly as received.")]
    public Dictionary<string, object?> Header(ServerCallContext call)
    {
        var header = new Dictionary<string, object?>(call.Header.Context)
        {
            ["message_id"] = call.Header.MessageId.IsBinary ? call.Header.MessageId.Bytes.ToArray() : call.Header.MessageId.ToString(),
            ["v"] = call.Header.Version,
        };
        return header;
    }

    /// <summary>Stores a user and returns its id; a duplicate user name is an <c>IntegrityError</c>.</summary>
    [Description("Add a user and return its id (IntegrityError when the username exists).")]
    public async Task<int> AddUser(string username, string email)
    {
        var user = Db.Session.Add(new ShowcaseUser { Username = username, Email = email });
        await Db.Session.CommitAsync().ConfigureAwait(false);
        return user.Id;
    }

    /// <summary>Returns a user as <c>{id, username, email}</c>, or nil.</summary>
    [Description("Return {id, username, email} of a user, or nil.")]
    public async Task<UserView?> GetUser(string username)
    {
        var user = await Db.Query<ShowcaseUser>().AsNoTracking().FirstOrDefaultAsync(u => u.Username == username).ConfigureAwait(false);
        return user is null ? null : UserView.Of(user);
    }

    /// <summary>Returns every user, by id.</summary>
    [Description("Return every user as {id, username, email}, by id.")]
    public async Task<List<UserView>> ListUsers()
    {
        var users = await Db.Query<ShowcaseUser>().AsNoTracking().OrderBy(u => u.Id).ToListAsync().ConfigureAwait(false);
        return users.ConvertAll(UserView.Of);
    }

    /// <summary>Returns how many users there are.</summary>
    [Description("Return the number of users.")]
    public Task<int> CountUsers() => Db.Query<ShowcaseUser>().CountAsync();

    /// <summary>How many times the showcase's one-second interval job has run since start.</summary>
    [Description("Return how many times the one-second interval job has run since start.")]
    public long JobRuns() => _jobRuns?.Runs ?? 0;

    private ZaskDb Db => _db ?? throw new ZeroRpcException("RuntimeError", "this showcase instance runs without a database");
}
