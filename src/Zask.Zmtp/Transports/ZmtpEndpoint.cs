using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Zask.Zmtp.Transports;

/// <summary>
/// A parsed endpoint: <c>tcp://host:port</c> (IPv4, <c>[IPv6]</c>, a host name, <c>*</c> for every interface, port
/// <c>*</c> or 0 for any free port) or <c>ipc://path</c> (a Unix-domain socket at that path, as libzmq makes it;
/// <c>ipc://@name</c> for a Linux abstract name) or <c>inproc://name</c> (sockets of this process, through
/// <see cref="InprocRegistry"/>).
/// </summary>
internal sealed class ZmtpEndpoint
{
    // sun_path holds 108 bytes including the terminating NUL, as libzmq checks.
    private const int MaxIpcPath = 107;

    private ZmtpEndpoint(string text, bool isIpc, string host, int port, string path, bool isInproc = false)
    {
        Text = text;
        IsIpc = isIpc;
        IsInproc = isInproc;
        Host = host;
        Port = port;
        Path = path;
    }

    /// <summary>The endpoint as the user wrote it.</summary>
    public string Text { get; }

    public bool IsIpc { get; }

    /// <summary>An <c>inproc://</c> name (in <see cref="Path"/>).</summary>
    public bool IsInproc { get; }

    public string Host { get; }

    /// <summary>The port; 0 for any free port.</summary>
    public int Port { get; }

    /// <summary>The ipc path (starting with <c>@</c> for an abstract name).</summary>
    public string Path { get; }

    /// <summary>Parses an endpoint, with a message that says what is wrong with a bad one.</summary>
    public static ZmtpEndpoint Parse(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.StartsWith("ipc://", StringComparison.Ordinal))
        {
            var path = endpoint["ipc://".Length..];
            if (path.Length == 0)
            {
                throw new ArgumentException($"endpoint '{endpoint}' has no path after ipc://", nameof(endpoint));
            }
            if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxIpcPath)
            {
                throw new ArgumentException($"endpoint '{endpoint}': an ipc path is at most {MaxIpcPath} bytes", nameof(endpoint));
            }
            return new ZmtpEndpoint(endpoint, true, "", 0, path);
        }
        if (endpoint.StartsWith("inproc://", StringComparison.Ordinal))
        {
            var name = endpoint["inproc://".Length..];
            if (name.Length == 0)
            {
                throw new ArgumentException($"endpoint '{endpoint}' has no name after inproc://", nameof(endpoint));
            }
            return new ZmtpEndpoint(endpoint, false, "", 0, name, isInproc: true);
        }
        if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"endpoint '{endpoint}' is neither tcp://host:port, ipc://path nor inproc://name", nameof(endpoint));
        }
        var rest = endpoint["tcp://".Length..];
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1)
        {
            throw new ArgumentException($"endpoint '{endpoint}' needs a host and a port: tcp://host:port", nameof(endpoint));
        }
        var host = rest[..colon];
        var portText = rest[(colon + 1)..];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        int port;
        if (portText == "*")
        {
            port = 0;
        }
        else if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            throw new ArgumentException($"endpoint '{endpoint}': '{portText}' is not a port (0-65535 or *)", nameof(endpoint));
        }
        if (host.Length == 0)
        {
            throw new ArgumentException($"endpoint '{endpoint}' has an empty host", nameof(endpoint));
        }
        return new ZmtpEndpoint(endpoint, false, host, port, "");
    }

    /// <summary>The address family's end point for an ipc path.</summary>
    public EndPoint IpcEndPoint() =>
        new UnixDomainSocketEndPoint(Path.StartsWith('@') ? "\0" + Path[1..] : Path);

    /// <summary>Creates a listening socket and returns it with the endpoint actually bound (a free port resolved).</summary>
    public Socket Listen(out string resolved)
    {
        if (IsIpc)
        {
            var ipc = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                if (!Path.StartsWith('@') && File.Exists(Path))
                {
                    // libzmq removes a stale socket file before binding, so a restarted server can take its path back.
                    File.Delete(Path);
                }
                ipc.Bind(IpcEndPoint());
                ipc.Listen(512);
            }
            catch
            {
                ipc.Dispose();
                throw;
            }
            resolved = Text;
            return ipc;
        }

        IPAddress address;
        if (Host == "*")
        {
            address = Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any;
        }
        else if (!IPAddress.TryParse(Host, out address!))
        {
            // A bind to a name binds its first address, as libzmq resolves interface names to one address.
            address = Dns.GetHostAddresses(Host).FirstOrDefault()
                ?? throw new ArgumentException($"endpoint '{Text}': host '{Host}' has no address", nameof(Host));
        }
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            socket.Bind(new IPEndPoint(address, Port));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        var shownHost = Host == "*" ? "0.0.0.0" : bound.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString();
        resolved = $"tcp://{shownHost}:{bound.Port}";
        return socket;
    }

    /// <summary>Opens a connection to this endpoint, trying each address of a host name in turn.</summary>
    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        if (IsInproc)
        {
            return await InprocRegistry.ConnectAsync(Path, cancellationToken).ConfigureAwait(false);
        }
        if (IsIpc)
        {
            var ipc = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await ipc.ConnectAsync(IpcEndPoint(), cancellationToken).ConfigureAwait(false);
                return ipc;
            }
            catch
            {
                ipc.Dispose();
                throw;
            }
        }
        if (Port == 0)
        {
            throw new ArgumentException($"endpoint '{Text}': connect needs a port, not * or 0");
        }
        var addresses = IPAddress.TryParse(Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, Port), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
