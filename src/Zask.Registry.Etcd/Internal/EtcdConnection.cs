using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;

namespace Zask.Registry.Etcd.Internal;

/// <summary>
/// One gRPC channel to an etcd cluster (balanced over its members by dotnet-etcd's channel factory) and the clients
/// of the services Zask uses. Holds the auth token, fetched on first use and again when etcd says it expired.
/// </summary>
internal sealed class EtcdConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly EtcdRegistrySettings _settings;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private volatile Metadata? _headers;

    public EtcdConnection(EtcdRegistrySettings settings)
    {
        _settings = settings;
        var scheme = settings.UseTls ? "https://" : "http://";
        var connectionString = string.Join(',', settings.Uri.Hosts.Select(h => scheme + h));
        var credentials = settings.UseTls ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        Action<SslClientAuthenticationOptions>? ssl = settings.CaFile is null ? null : ConfigureCustomCa(settings.CaFile);
        _channel = new GrpcChannelFactory().CreateChannel(connectionString, EtcdRegistryUri.DefaultPort, "etcd", credentials,
            // Zask decides itself when to retry (and logs it); the factory's default retries would hide an outage.
            options => options.ServiceConfig?.MethodConfigs.Clear(), ssl);
        var invoker = _channel.CreateCallInvoker();
        Kv = new KV.KVClient(invoker);
        Lease = new Lease.LeaseClient(invoker);
        Watch = new Watch.WatchClient(invoker);
        Auth = new Auth.AuthClient(invoker);
    }

    public EtcdRegistrySettings Settings => _settings;

    public KV.KVClient Kv { get; }

    public Lease.LeaseClient Lease { get; }

    public Watch.WatchClient Watch { get; }

    private Auth.AuthClient Auth { get; }

    /// <summary>The headers every call carries: the auth token when etcd has authentication on, else none.</summary>
    public async ValueTask<Metadata?> HeadersAsync(CancellationToken cancellationToken)
    {
        if (_settings.Username is null)
        {
            return null;
        }
        var headers = _headers;
        if (headers is not null)
        {
            return headers;
        }
        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_headers is null)
            {
                var reply = await Auth.AuthenticateAsync(new AuthenticateRequest { Name = _settings.Username, Password = _settings.Password },
                    deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken).ConfigureAwait(false);
                _headers = new Metadata { { "token", reply.Token } };
            }
            return _headers;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>Runs a unary call with the auth headers, authenticating again once if etcd says the token expired.</summary>
    public async Task<T> CallAsync<T>(Func<Metadata?, Task<T>> call, CancellationToken cancellationToken)
    {
        var headers = await HeadersAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(headers).ConfigureAwait(false);
        }
        catch (RpcException e) when (headers is not null && IsAuthExpired(e))
        {
            _headers = null;
            headers = await HeadersAsync(cancellationToken).ConfigureAwait(false);
            return await call(headers).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets the token after a stream was refused for it, so the next attempt authenticates again.</summary>
    public void ForgetTokenIf(RpcException e)
    {
        if (IsAuthExpired(e))
        {
            _headers = null;
        }
    }

    /// <summary>
    /// A failure that retrying will not cure, said precisely and naming the setting to fix: etcd refused the user
    /// or password, the user may not use the prefix, etcd wants a user and none is set, or etcd's certificate is not
    /// trusted. <c>null</c> for an outage (etcd down, unreachable, no leader), which retrying does cure.
    /// </summary>
    public RegistryConfigException? ConfigurationProblem(Exception e)
    {
        var uri = _settings.Uri;
        if (e is RpcException rpc)
        {
            var detail = rpc.Status.Detail;
            if (detail.Contains("authentication failed", StringComparison.Ordinal))
            {
                return new RegistryConfigException(_settings.PasswordSource ?? _settings.ConfigKey, $"etcd at {uri} refused user '{_settings.Username}' ({detail}): check the password");
            }
            if (detail.Contains("user name is empty", StringComparison.Ordinal) || detail.Contains("user name not found", StringComparison.Ordinal))
            {
                return _settings.Username is null
                    ? new RegistryConfigException(_settings.ConfigKey, $"etcd at {uri} has authentication on and no user is set (registry_username and registry_password in the entry, or {EtcdRegistrySettings.UsernameVariable} and {EtcdRegistrySettings.PasswordVariable})")
                    : new RegistryConfigException(_settings.UsernameSource!, $"etcd at {uri} has no user '{_settings.Username}'");
            }
            if (rpc.StatusCode == StatusCode.PermissionDenied)
            {
                return new RegistryConfigException(_settings.UsernameSource ?? _settings.ConfigKey, $"etcd user '{_settings.Username}' may not read and write keys under {uri.Prefix} ({detail})");
            }
        }
        for (var inner = e; inner is not null; inner = inner is RpcException r ? r.Status.DebugException : inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException tls)
            {
                return _settings.CaFile is null
                    ? new RegistryConfigException(_settings.ConfigKey, $"etcd's TLS certificate at {uri} is not trusted by the system's certificate store ({tls.Message}); name the authority that signed it with registry_ca_file or {EtcdRegistrySettings.CaFileVariable}")
                    : new RegistryConfigException(_settings.CaFileSource!, $"etcd's TLS certificate at {uri} is not signed by the authority in '{_settings.CaFile}' or does not name the host ({tls.Message})");
            }
        }
        return null;
    }

    private static bool IsAuthExpired(RpcException e) =>
        e.StatusCode == StatusCode.Unauthenticated
        || (e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("invalid auth token", StringComparison.Ordinal));

    private static Action<SslClientAuthenticationOptions> ConfigureCustomCa(string caFile)
    {
        var authority = X509CertificateLoader.LoadCertificateFromFile(caFile);
        return ssl => ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }
            // Trust exactly the configured authority: a chain built against it alone, name already checked above.
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }

    public void Dispose()
    {
        _channel.Dispose();
        _tokenLock.Dispose();
    }
}
