using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// A client's endpoints, each with its own connection, and the choice of the next one for a call: round robin over
/// those connected and in rotation, skipping any that recently timed out or was lost.
/// </summary>
internal sealed class EndpointRotation : IDisposable
{
    private readonly ZeroRpcClientOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private ClientConnection[] _connections = [];
    // Removed endpoints whose calls in flight have not all ended yet: closed with the client at the latest.
    private readonly HashSet<ClientConnection> _retiring = new();
    private int _next;

    public EndpointRotation(ZeroRpcClientOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>The endpoints, in rotation order.</summary>
    public IReadOnlyList<string> Endpoints => Volatile.Read(ref _connections).Select(c => c.Endpoint).ToArray();

    /// <summary>The endpoints with an established connection now.</summary>
    public IReadOnlyList<string> LiveEndpoints =>
        Volatile.Read(ref _connections).Where(c => c.IsConnected).Select(c => c.Endpoint).ToArray();

    /// <summary>The connection to <paramref name="endpoint"/> in rotation, if any.</summary>
    public ClientConnection? Find(string endpoint) =>
        Array.Find(Volatile.Read(ref _connections), c => c.Endpoint == endpoint);

    /// <summary><c>true</c> when no endpoint was added, or all were removed.</summary>
    public bool IsEmpty => Volatile.Read(ref _connections).Length == 0;

    /// <summary>Adds an endpoint (already resolved) and starts connecting to it.</summary>
    public void Add(string endpoint)
    {
        var connection = new ClientConnection(endpoint, _options, _logger);
        lock (_gate)
        {
            _connections = [.. _connections, connection];
        }
    }

    /// <summary>
    /// Removes an endpoint: no new call goes there, and its connection closes once the calls in flight on it have
    /// ended (see <see cref="ClientConnection.Retire"/>).
    /// </summary>
    public void Remove(string endpoint)
    {
        ClientConnection[] removed;
        lock (_gate)
        {
            removed = _connections.Where(c => c.Endpoint == endpoint).ToArray();
            _connections = _connections.Except(removed).ToArray();
            _retiring.UnionWith(removed);
        }
        foreach (var connection in removed)
        {
            connection.Retire(Retired);
        }
    }

    private void Retired(ClientConnection connection)
    {
        lock (_gate)
        {
            _retiring.Remove(connection);
        }
    }

    /// <summary>
    /// The next endpoint in rotation that is connected and not out of rotation; failing that, any connected one
    /// (every server failed recently: keep trying them rather than failing outright); <c>null</c> when none is.
    /// </summary>
    public ClientConnection? Pick()
    {
        var connections = Volatile.Read(ref _connections);
        if (connections.Length == 0)
        {
            return null;
        }
        var start = connections.Length == 1 ? 0 : (int)((uint)Interlocked.Increment(ref _next) % (uint)connections.Length);
        ClientConnection? fallback = null;
        for (var i = 0; i < connections.Length; i++)
        {
            var candidate = connections[(start + i) % connections.Length];
            if (candidate.IsAvailable)
            {
                return candidate;
            }
            if (fallback is null && candidate.IsConnected)
            {
                fallback = candidate;
            }
        }
        return fallback;
    }

    /// <summary>Whether an endpoint other than <paramref name="connection"/> could take a call now.</summary>
    public bool AnyOtherAvailable(ClientConnection connection) =>
        Volatile.Read(ref _connections).Any(c => !ReferenceEquals(c, connection) && c.IsAvailable);

    /// <summary>Closes every connection; calls in flight fail.</summary>
    public void Dispose()
    {
        ClientConnection[] connections;
        lock (_gate)
        {
            connections = [.. _connections, .. _retiring];
            _connections = [];
            _retiring.Clear();
        }
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }
}
