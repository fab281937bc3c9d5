using System.Collections.Immutable;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mvccpb;
using Zask.Registry.Etcd.Internal;

namespace Zask.Registry.Etcd;

/// <summary>
/// The live endpoints of one service version, kept current from etcd: one read, then a watch from the revision of that
/// read, so no change between the two is missed. When etcd is unreachable the last known set is kept (and the loss
/// and the recovery are logged once each); on reconnection the set is read again, so it never drifts.
/// </summary>
public sealed class EtcdServiceResolver : IAsyncDisposable
{
    private readonly EtcdConnection _connection;
    private readonly string _range;
    private readonly ILogger _logger;
    private readonly OutageLog _outage;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private ImmutableSortedDictionary<string, ServiceInstance> _byKey = ImmutableSortedDictionary<string, ServiceInstance>.Empty;
    private volatile IReadOnlyList<ServiceInstance> _instances = [];
    private Task? _loop;

    /// <summary>Creates a resolver; nothing is read before <see cref="Start"/>.</summary>
    /// <param name="settings">Where the registry is.</param>
    /// <param name="service">The service name.</param>
    /// <param name="version">The version whose endpoints are wanted; <c>null</c> for every version.</param>
    /// <param name="logger">Where outages, recoveries and malformed entries are logged.</param>
    public EtcdServiceResolver(EtcdRegistrySettings settings, string service, string? version, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(service);
        Service = service;
        Version = version;
        _connection = new EtcdConnection(settings);
        _range = version is null ? RegistryKeys.Service(settings.Uri.Prefix, service) : RegistryKeys.Version(settings.Uri.Prefix, service, version);
        _logger = logger ?? NullLogger.Instance;
        _outage = new OutageLog(_logger, $"resolving {service}{(version is null ? "" : " " + version)} at {settings.Uri}");
    }

    /// <summary>The service name.</summary>
    public string Service { get; }

    /// <summary>The version resolved, or <c>null</c> for all.</summary>
    public string? Version { get; }

    /// <summary>The endpoints known now (the last known set while etcd is unreachable), ordered by key.</summary>
    public IReadOnlyList<ServiceInstance> Instances => _instances;

    /// <summary>
    /// Why the last read failed when retrying cannot help until a setting is fixed (a refused password, an untrusted
    /// certificate), naming that setting; <c>null</c> after a successful read or during a plain outage.
    /// </summary>
    public string? Problem => _outage.Problem;

    /// <summary><c>true</c> once etcd has answered at least once.</summary>
    public bool HasAnswer => _firstAnswer.Task.IsCompleted;

    /// <summary>Raised (on a background thread) with the new set whenever it changes.</summary>
    public event Action<IReadOnlyList<ServiceInstance>>? Changed;

    /// <summary>Starts reading and watching in the background; returns at once.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("the resolver is already started");
        }
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Completes when etcd first answered (the set may be empty: no server registered).</summary>
    /// <param name="cancellationToken">Stops waiting (e.g. the call's timeout).</param>
    /// <returns>A task that completes on the first answer.</returns>
    public Task WaitForFirstAnswerAsync(CancellationToken cancellationToken = default) => _firstAnswer.Task.WaitAsync(cancellationToken);

    private async Task RunAsync(CancellationToken stop)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(2));
        var start = ByteString.CopyFromUtf8(_range);
        var end = ByteString.CopyFrom(RegistryKeys.RangeEnd(_range));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var read = await _connection.CallAsync(h => _connection.Kv.RangeAsync(new RangeRequest { Key = start, RangeEnd = end },
                    h, DateTime.UtcNow.AddSeconds(5), stop).ResponseAsync, stop).ConfigureAwait(false);
                var builder = ImmutableSortedDictionary.CreateBuilder<string, ServiceInstance>(StringComparer.Ordinal);
                foreach (var kv in read.Kvs)
                {
                    if (Decode(kv) is { } instance)
                    {
                        builder[kv.Key.ToStringUtf8()] = instance;
                    }
                }
                Publish(builder.ToImmutable());
                _outage.Recovered();
                _firstAnswer.TrySetResult();
                backoff.Reset();
                await WatchAsync(start, end, read.Header.Revision + 1, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RpcException or IOException or OperationCanceledException or HttpRequestException or InvalidOperationException)
            {
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

    /// <summary>Applies watch events until the stream ends; returns to read again (e.g. after a compaction).</summary>
    private async Task WatchAsync(ByteString start, ByteString end, long fromRevision, CancellationToken stop)
    {
        var headers = await _connection.HeadersAsync(stop).ConfigureAwait(false);
        var withLeader = new Metadata();
        if (headers is not null)
        {
            foreach (var entry in headers)
            {
                withLeader.Add(entry);
            }
        }
        // A member cut off from the others would keep the watch open and silent; this asks etcd to end it instead.
        withLeader.Add("hasleader", "true");
        using var call = _connection.Watch.Watch(withLeader, cancellationToken: stop);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = start, RangeEnd = end, StartRevision = fromRevision },
        }, stop).ConfigureAwait(false);
        while (await call.ResponseStream.MoveNext(stop).ConfigureAwait(false))
        {
            var response = call.ResponseStream.Current;
            if (response.Canceled)
            {
                RegistryLog.WatchEnded(_logger, _range, response.CompactRevision > 0 ? "compacted" : response.CancelReason);
                return;
            }
            if (response.Events.Count == 0)
            {
                continue;
            }
            // Only this loop writes the set, so reading it here without the lock is safe.
            var next = _byKey;
            foreach (var change in response.Events)
            {
                var key = change.Kv.Key.ToStringUtf8();
                if (change.Type == Event.Types.EventType.Delete)
                {
                    next = next.Remove(key);
                }
                else if (Decode(change.Kv) is { } instance)
                {
                    next = next.SetItem(key, instance);
                }
            }
            Publish(next);
        }
        throw new IOException("etcd closed the watch stream");
    }

    private ServiceInstance? Decode(KeyValue kv)
    {
        var instance = InstanceCodec.Decode(kv.Value, out var error);
        if (instance is null)
        {
            RegistryLog.IgnoredKey(_logger, kv.Key.ToStringUtf8(), error);
        }
        return instance;
    }

    private void Publish(ImmutableSortedDictionary<string, ServiceInstance> next)
    {
        IReadOnlyList<ServiceInstance> list;
        lock (_gate)
        {
            var same = next.Count == _byKey.Count && next.All(p => _byKey.TryGetValue(p.Key, out var old) && old.Endpoint == p.Value.Endpoint);
            _byKey = next;
            if (same && _instances.Count == next.Count)
            {
                return;
            }
            list = next.Values.ToArray();
            _instances = list;
        }
        Changed?.Invoke(list);
    }

    /// <summary>Stops watching and releases the connection.</summary>
    /// <returns>A task that completes when the watch is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
        _connection.Dispose();
    }
}
