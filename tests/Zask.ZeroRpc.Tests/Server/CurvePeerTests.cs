using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NetMQ;
using NetMQ.Sockets;
using Zask.Testing;
using Zask.Zmtp.Security;

namespace Zask.ZeroRpc.Tests.Server;

/// <summary>
/// A Zask server with CURVE keys and an allow list of client keys, called by the two other ZeroMQ implementations
/// zerorpc peers run on: NetMQ (ZMTP 3.0, CURVE on NaCl.Net) and pyzmq (libzmq 4.3.4, ZMTP 3.1). With the right
/// server key an allowed client calls; a wrong server key or a client off the list gets no answer, the server logs
/// one line for the refused handshake and keeps serving.
/// </summary>
public class CurvePeerTests
{
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(2);

    public sealed class Greeter
    {
        public string Hello(string name) => $"Hello, {name}!";
    }

    private sealed class Served : IAsyncDisposable
    {
        private readonly FakeLoggerProvider _logging = new();
        private readonly ILoggerFactory _factory;

        public Served(params byte[][] allowedClients)
        {
            _factory = LoggerFactory.Create(b => b.AddProvider(_logging));
            Server = new ZeroRpcServer(new Greeter(), new ZeroRpcServerOptions
            {
                LoggerFactory = _factory,
                Security = TransportSecurity.ForServer(Keys, allowedClients),
            });
            Endpoint = Server.Bind(FreePort.Endpoint());
        }

        public CurveKeyPair Keys { get; } = CurveKeyPair.Generate();

        public ZeroRpcServer Server { get; }

        public string Endpoint { get; }

        /// <summary>The Warning lines of refused handshakes.</summary>
        public string[] HandshakeFailures => [.. _logging.Collector.GetSnapshot()
            .Where(r => r.Level == LogLevel.Warning && r.Message.Contains("handshake", StringComparison.Ordinal))
            .Select(r => r.Message)];

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _factory.Dispose();
            _logging.Dispose();
        }
    }

    /// <summary>A NetMQ DEALER with CURVE that makes one hello call: the reply's name and value, or null when none came in time.</summary>
    private static string? CallWithNetMq(string endpoint, byte[] serverKey, NetMQCertificate clientKeys, TimeSpan wait)
    {
        using var dealer = new DealerSocket();
        dealer.Options.CurveServerKey = serverKey;
        dealer.Options.CurveCertificate = clientKeys;
        dealer.Options.Linger = TimeSpan.Zero;
        // One handshake per call: a refused one is not retried while the test waits.
        dealer.Options.ReconnectInterval = TimeSpan.FromMinutes(1);
        dealer.Connect(endpoint);
        dealer.SendMoreFrameEmpty().SendFrame(Channels.HeartbeatAndTimeoutTests.Request("hello", "netmq"));
        var deadline = Stopwatch.StartNew();
        var frames = new List<byte[]>();
        while (deadline.Elapsed < wait && dealer.TryReceiveMultipartBytes(wait - deadline.Elapsed, ref frames))
        {
            var reply = EventCodec.Decode(frames[^1]);
            if (reply.Name != EventNames.Heartbeat)
            {
                return $"{reply.Name} {MessagePack.MessagePackSerializer.Deserialize<string[]>(reply.Args)[0]}";
            }
        }
        return null;
    }

    /// <summary>tests/interop/python/call.py over CURVE; its JSON reply, or null when none came in time (exit code 3).</summary>
    private static async Task<JsonElement?> CallWithPyzmqAsync(string endpoint, string serverKeyZ85, CurveKeyPair clientKeys, TimeSpan wait)
    {
        Requirement.Pyzmq.EnsureMet();
        var info = new ProcessStartInfo(Requirement.PythonExecutable,
            [RepositoryRoot.Combine("tests", "interop", "python", "call.py"), endpoint, "hello", "[\"pyzmq\"]"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ZASK_CURVE_SERVER_KEY"] = serverKeyZ85;
        info.Environment["ZASK_CURVE_PUBLIC_KEY"] = clientKeys.PublicKeyZ85;
        info.Environment["ZASK_CURVE_SECRET_KEY"] = clientKeys.SecretKeyZ85;
        info.Environment["ZASK_CALL_TIMEOUT_MS"] = ((int)wait.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(wait + TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        return process.ExitCode switch
        {
            0 => JsonDocument.Parse(await stdout).RootElement.Clone(),
            3 => null,
            var code => throw new InvalidOperationException($"call.py exited with {code}: {await stderr}"),
        };
    }

    [Fact]
    public async Task A_netmq_client_calls_with_the_right_keys_and_is_refused_with_a_wrong_server_key_or_off_the_list()
    {
        var allowed = new NetMQCertificate();
        await using var served = new Served(allowed.PublicKey);

        CallWithNetMq(served.Endpoint, served.Keys.PublicKey, allowed, TimeSpan.FromSeconds(20)).Should().Be("OK Hello, netmq!");

        CallWithNetMq(served.Endpoint, CurveKeyPair.Generate().PublicKey, allowed, Refused).Should().BeNull("the server cannot open a HELLO boxed for another key");
        await Eventually.True(() => served.HandshakeFailures.Length == 1, "one line for the handshake boxed for another key");

        var stranger = new NetMQCertificate();
        CallWithNetMq(served.Endpoint, served.Keys.PublicKey, stranger, Refused).Should().BeNull("the client is not on the allow list");
        await Eventually.True(() => served.HandshakeFailures.Length == 2, "one line for the client off the list");
        served.HandshakeFailures[1].Should().Contain(Z85.Encode(stranger.PublicKey));

        CallWithNetMq(served.Endpoint, served.Keys.PublicKey, allowed, TimeSpan.FromSeconds(20)).Should().Be("OK Hello, netmq!", "the server keeps serving");
        served.HandshakeFailures.Should().HaveCount(2);
    }

    [PyzmqFact]
    public async Task A_pyzmq_client_calls_with_the_right_keys_and_is_refused_with_a_wrong_server_key_or_off_the_list()
    {
        var allowed = CurveKeyPair.Generate();
        await using var served = new Served(allowed.PublicKey);

        var reply = await CallWithPyzmqAsync(served.Endpoint, served.Keys.PublicKeyZ85, allowed, TimeSpan.FromSeconds(20));
        reply.Should().NotBeNull();
        reply!.Value.GetProperty("name").GetString().Should().Be("OK");
        reply.Value.GetProperty("args")[0].GetString().Should().Be("Hello, pyzmq!");

        (await CallWithPyzmqAsync(served.Endpoint, CurveKeyPair.Generate().PublicKeyZ85, allowed, Refused)).Should().BeNull();
        await Eventually.True(() => served.HandshakeFailures.Length == 1, "one line for the handshake boxed for another key");

        var stranger = CurveKeyPair.Generate();
        (await CallWithPyzmqAsync(served.Endpoint, served.Keys.PublicKeyZ85, stranger, Refused)).Should().BeNull();
        await Eventually.True(() => served.HandshakeFailures.Length == 2, "one line for the client off the list");
        served.HandshakeFailures[1].Should().Contain(stranger.PublicKeyZ85);

        (await CallWithPyzmqAsync(served.Endpoint, served.Keys.PublicKeyZ85, allowed, TimeSpan.FromSeconds(20)))!.Value
            .GetProperty("args")[0].GetString().Should().Be("Hello, pyzmq!", "the server keeps serving");
        served.HandshakeFailures.Should().HaveCount(2);
    }
}
