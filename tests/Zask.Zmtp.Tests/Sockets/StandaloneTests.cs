using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Zask.Zmtp.Tests.Sockets;

public class StandaloneTests
{
    [Fact]
    public void The_transport_references_nothing_else_from_Zask()
    {
        var references = typeof(ZmtpSocket).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.Should().NotContain(name => name.StartsWith("Zask", StringComparison.Ordinal));
        references.Should().NotContain(name => name.StartsWith("NetMQ", StringComparison.Ordinal), "NetMQ is a test peer only");
    }

    [Fact]
    public void The_transport_starts_no_thread_of_its_own()
    {
        // No I/O thread: connections run on async socket completions. Read from the assembly's metadata, so that any
        // new Thread(...) (or a thread-owning timer or wait registration) anywhere in it fails this test.
        using var pe = new PEReader(File.OpenRead(typeof(ZmtpSocket).Assembly.Location));
        var reader = pe.GetMetadataReader();
        var members = reader.MemberReferences.Select(h => reader.GetMemberReference(h))
            .Where(m => m.Parent.Kind == HandleKind.TypeReference)
            .Select(m =>
            {
                var type = reader.GetTypeReference((TypeReferenceHandle)m.Parent);
                return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}::{reader.GetString(m.Name)}";
            })
            .ToList();
        members.Should().Contain("System.Net.Sockets.Socket::ReceiveAsync", "the scan sees the assembly's calls");
        members.Should().NotContain(m => m.StartsWith("System.Threading.Thread::.ctor", StringComparison.Ordinal));
        members.Should().NotContain("System.Threading.ThreadPool::RegisterWaitForSingleObject");
    }

    [Fact]
    public async Task Disconnect_stops_reconnecting_and_unbind_stops_accepting()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, new() { Linger = TimeSpan.Zero });
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        var events = new List<ZmtpConnectionEvent>();
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new() { Linger = TimeSpan.Zero });
        dealer.ConnectionEvent += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };
        dealer.Connect(endpoint);
        dealer.Send("one"u8.ToArray());
        await Support.Receiving.Receive(router);
        dealer.Disconnect(endpoint);
        await Eventually.True(() =>
        {
            lock (events)
            {
                return events.Any(e => e.Kind == ZmtpConnectionEventKind.Disconnected && e.Reason == "disconnected");
            }
        }, "the connection closed by Disconnect");
        dealer.TrySend("two"u8.ToArray()).Should().BeFalse("a disconnected endpoint is no longer a peer");
        ((Action)(() => dealer.Disconnect(endpoint))).Should().Throw<ArgumentException>().WithMessage("not connected to*");

        router.Unbind(endpoint);
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        var port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var connect = async () => await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await connect.Should().ThrowAsync<System.Net.Sockets.SocketException>();
    }
}
