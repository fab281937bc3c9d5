using Etcdserverpb;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zask.Registry.Etcd.Internal;

namespace Zask.Registry.Etcd;

/// <summary>
/// Keeps a server's endpoints listed in etcd while it runs: each endpoint is a key attached to one lease of
/// <see cref="EtcdRegistrySettings.Ttl"/>, refreshed every third of the TTL. When etcd is unreachable the server keeps
/// serving and this keeps trying; a lease that expired meanwhile is replaced and the keys written again. A crashed
/// process stops refreshing, so its keys vanish when the lease expires.
/// </summary>
public sealed class EtcdServiceRegistration : IAsyncDisposable
{
    private readonly EtcdConnection _connection;
    private readonly IReadOnlyList<ServiceInstance> _instances;
    private readonly ILogger _logger;
    private readonly OutageLog _outage;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstRegistered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private long _leaseId;
    private volatile bool _registered;
    private int _deregistered;

    /// <summary>Creates a registration; nothing is written before <see cref="Start"/>.</summary>
    /// <param name="settings">Where the registry is.</param>
    /// <param name="instances">The endpoints to list.</param>
    /// <param name="logger">Where registration, outages and recoveries are logged.</param>
    public EtcdServiceRegistration(EtcdRegistrySettings settings, IEnumerable<ServiceInstance> instances, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(instances);
        _instances = instances.ToArray();
        if (_instances.Count == 0)
        {
            throw new ArgumentException("at least one endpoint is needed", nameof(instances));
        }
        _connection = new EtcdConnection(settings);
        _logger = logger ?? NullLogger.Instance;
        _outage = new OutageLog(_logger, $"registering {_instances[0].Service} {_instances[0].Version} at {settings.Uri}");
    }

    /// <summary>The endpoints this registration lists.</summary>
    public IReadOnlyList<ServiceInstance> Instances => _instances;

    /// <summary><c>true</c> while the keys are written and the lease is being kept alive.</summary>
    public bool IsRegistered => _registered;

    /// <summary>
    /// Why the last attempt failed when retrying cannot help until a setting is fixed (a refused password, an
    /// untrusted certificate), naming that setting; <c>null</c> while registered or during a plain outage.
    /// </summary>
    public string? Problem => _outage.Problem;

    /// <summary>The current lease, or 0 when none is held.</summary>
    public long LeaseId => Interlocked.Read(ref _leaseId);

    /// <summary>Starts registering in the background; returns at once, whether etcd is reachable or not.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("the registration is already started");
        }
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Completes when the endpoints are first written to etcd.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on the first registration.</returns>
    public Task WaitRegisteredAsync(CancellationToken cancellationToken = default) => _firstRegistered.Task.WaitAsync(cancellationToken);

    private async Task RunAsync(CancellationToken stop)
    {
        var ttlSeconds = (long)_connection.Settings.Ttl.TotalSeconds;
        var backoff = new Backoff(TimeSpan.FromSeconds(Math.Max(1, ttlSeconds / 3)));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (LeaseId == 0)
                {
                    var grant = await _connection.CallAsync(h => _connection.Lease.LeaseGrantAsync(new LeaseGrantRequest { TTL = ttlSeconds },
                        h, Deadline(), stop).ResponseAsync, stop).ConfigureAwait(false);
                    Interlocked.Exchange(ref _leaseId, grant.ID);
                }
                var lease = LeaseId;
                try
                {
                    await PutAllAsync(lease, stop).ConfigureAwait(false);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    // The lease expired while etcd was out of reach: take a new one.
                    Interlocked.CompareExchange(ref _leaseId, 0, lease);
                    continue;
                }
                _registered = true;
                _outage.Recovered();
                backoff.Reset();
                if (_firstRegistered.TrySetResult())
                {
                    foreach (var instance in _instances)
                    {
                        RegistryLog.Registered(_logger, instance.Service, instance.Version, instance.Endpoint, _connection.Settings.Uri, lease, ttlSeconds);
                    }
                }
                if (!await KeepAliveAsync(lease, ttlSeconds, stop).ConfigureAwait(false))
                {
                    _registered = false;
                    Interlocked.CompareExchange(ref _leaseId, 0, lease);
                    RegistryLog.LeaseExpired(_logger, lease, _instances[0].Service);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RpcException or IOException or OperationCanceledException or HttpRequestException or InvalidOperationException)
            {
                _registered = false;
                if (e is RpcException rpc)
                {
                    _connection.ForgetTokenIf(rpc);
                }
                _outage.Lost(e, _connection.ConfigurationProblem(e));
            }
            try
            {
                await Task.Delay(backoff.Next(), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PutAllAsync(long lease, CancellationToken stop)
    {
        var txn = new TxnRequest();
        foreach (var instance in _instances)
        {
            txn.Success.Add(new RequestOp
            {
                RequestPut = new PutRequest
                {
                    Key = Google.Protobuf.ByteString.CopyFromUtf8(RegistryKeys.Instance(_connection.Settings.Uri.Prefix, instance)),
                    Value = InstanceCodec.Encode(instance),
                    Lease = lease,
                },
            });
        }
        // One transaction so that clients see all the endpoints of a server appear together.
        await _connection.CallAsync(h => _connection.Kv.TxnAsync(txn, h, Deadline(), stop).ResponseAsync, stop).ConfigureAwait(false);
    }

    /// <summary>Refreshes the lease until stopped or the stream fails (throws); returns <c>false</c> if the lease is gone.</summary>
    private async Task<bool> KeepAliveAsync(long lease, long ttlSeconds, CancellationToken stop)
    {
        var headers = await _connection.HeadersAsync(stop).ConfigureAwait(false);
        using var call = _connection.Lease.LeaseKeepAlive(headers, cancellationToken: stop);
        var period = TimeSpan.FromSeconds(ttlSeconds) / 3;
        while (true)
        {
            await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease }, stop).ConfigureAwait(false);
            // A member that stops answering must not hold the lease hostage: give up on the stream after one period.
            using var answer = CancellationTokenSource.CreateLinkedTokenSource(stop);
            answer.CancelAfter(period);
            if (!await call.ResponseStream.MoveNext(answer.Token).ConfigureAwait(false))
            {
                throw new IOException("etcd closed the lease keep-alive stream");
            }
            if (call.ResponseStream.Current.TTL <= 0)
            {
                return false;
            }
            await Task.Delay(period, stop).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Removes the endpoints from etcd and stops refreshing the lease: the step a graceful shutdown takes before it
    /// drains, so clients stop choosing this server first. If etcd is unreachable, the lease expiry removes them.
    /// </summary>
    /// <param name="cancellationToken">Bounds the wait for etcd.</param>
    /// <returns>A task that completes when the keys are deleted or the attempt gave up.</returns>
    public async Task DeregisterAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _deregistered, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _registered = false;
        var lease = Interlocked.Exchange(ref _leaseId, 0);
        if (lease == 0)
        {
            return;
        }
        try
        {
            var txn = new TxnRequest();
            foreach (var instance in _instances)
            {
                txn.Success.Add(new RequestOp
                {
                    RequestDeleteRange = new DeleteRangeRequest { Key = Google.Protobuf.ByteString.CopyFromUtf8(RegistryKeys.Instance(_connection.Settings.Uri.Prefix, instance)) },
                });
            }
            await _connection.CallAsync(h => _connection.Kv.TxnAsync(txn, h, Deadline(), cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
            await _connection.CallAsync(h => _connection.Lease.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, h, Deadline(), cancellationToken).ResponseAsync,
                cancellationToken).ConfigureAwait(false);
            RegistryLog.Deregistered(_logger, _instances[0].Service, _instances[0].Version, _connection.Settings.Uri);
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException or HttpRequestException)
        {
            RegistryLog.DeregisterFailed(_logger, _instances[0].Service, _connection.Settings.Uri, e.Message, lease, _connection.Settings.Ttl.TotalSeconds);
        }
    }

    /// <summary>Stops refreshing the lease without deleting anything, as a crashed process would (for tests).</summary>
    internal async Task AbandonAsync()
    {
        Interlocked.Exchange(ref _deregistered, 1);
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(5);

    /// <summary>Deregisters (waiting at most 5 s for etcd) and releases the connection.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await DeregisterAsync(bound.Token).ConfigureAwait(false);
        }
        _stop.Dispose();
        _connection.Dispose();
    }
}
