using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Zask.Zmtp.Security;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>CurveZMQ encryption and server authentication configured in the service entry.</summary>
public class CurveTests
{
    private const string Secret = "a payload nobody on the wire may read";

    [Fact]
    public async Task Only_clients_on_the_allow_list_may_call_and_a_refused_one_is_logged_once()
    {
        var serverKeys = CurveKeyPair.Generate();
        var allowedKeys = CurveKeyPair.Generate();
        var strangerKeys = CurveKeyPair.Generate();
        var port = FreePort.Next();
        await using var test = new TestApp(new
        {
            ZERORPC_SHOWCASE = new Dictionary<string, object>
            {
                ["1.0"] = $"tcp://127.0.0.1:{port}",
                ["default"] = "1.0",
                ["server_public_key"] = serverKeys.PublicKeyZ85,
                ["server_secret_key"] = serverKeys.SecretKeyZ85,
                ["client_public_keys"] = new[] { allowedKeys.PublicKeyZ85 },
            },
        });
        using var logging = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logging));
        var rpc = new ZeroRpcExtension(test.App, BuiltinMiddlewares.ConfigEndpoint);
        await using var server = rpc.Server(new ShowcaseService(), new ZeroRpcServerOptions { Version = "1.0", LoggerFactory = factory });
        server.EnsureBound();

        await using var allowed = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Timeout = TimeSpan.FromSeconds(5),
            Security = Zask.ZeroRpc.Wire.TransportSecurity.ForClient(serverKeys.PublicKeyZ85, allowedKeys),
        });
        allowed.Connect($"tcp://127.0.0.1:{port}");
        (await allowed.CallAsync<string>("echo", Secret)).Should().Be(Secret);

        await using var stranger = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Timeout = TimeSpan.FromSeconds(1),
            Security = Zask.ZeroRpc.Wire.TransportSecurity.ForClient(serverKeys.PublicKeyZ85, strangerKeys),
        });
        stranger.Connect($"tcp://127.0.0.1:{port}");
        await FluentActions.Awaiting(() => stranger.CallAsync<string>("echo", Secret))
            .Should().ThrowAsync<EndpointUnavailableException>("the handshake fails, so no connection is ever made");

        var prefix = strangerKeys.PublicKeyZ85[..8];
        await Eventually.True(() => logging.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Warning && r.Message.Contains(prefix)),
            "a Warning naming the refused client's key");
        var allowedPrefix = allowedKeys.PublicKeyZ85[..8];
        logging.Collector.GetSnapshot().Should().NotContain(r => r.Message.Contains(allowedPrefix),
            "the allowed client was never refused");
        (await allowed.CallAsync<string>("echo", "still serving")).Should().Be("still serving");
    }

    [Fact]
    public async Task Traffic_is_encrypted_and_a_client_with_the_wrong_server_key_cannot_call()
    {
        var serverKeys = CurveKeyPair.Generate();
        var port = FreePort.Next();
        await using var relay = new TcpRelay(port);
        await using var test = new TestApp(new
        {
            // The server binds the real port; the "right" version reaches it through the capturing relay.
            ZERORPC_SHOWCASE = new Dictionary<string, object>
            {
                ["1.0"] = $"tcp://127.0.0.1:{port}",
                ["relayed"] = $"tcp://127.0.0.1:{relay.Port}",
                ["default"] = "1.0",
                ["access_key"] = "k",
                ["server_public_key"] = serverKeys.PublicKeyZ85,
                ["server_secret_key"] = serverKeys.SecretKeyZ85,
            },
        });
        // Only endpoint resolution: the "relayed" pseudo-version would otherwise be refused as a version mismatch.
        var rpc = new ZeroRpcExtension(test.App, BuiltinMiddlewares.ConfigEndpoint);
        await using var server = rpc.Server(new ShowcaseService(), new ZeroRpcServerOptions { Version = "1.0" });
        server.EnsureBound();

        await using var client = rpc.Client("showcase", version: "relayed");
        (await client.CallAsync<string>("echo", Secret)).Should().Be(Secret);
        var captured = relay.Captured;
        captured.Length.Should().BeGreaterThan(Secret.Length, "the relay saw the conversation");
        Encoding.UTF8.GetString(captured).Should().NotContain(Secret);
        Encoding.UTF8.GetString(captured).Should().NotContain("echo", "even method names are encrypted");

        var impostorKey = CurveKeyPair.Generate().PublicKeyZ85;
        await using var impostor = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Timeout = TimeSpan.FromSeconds(1),
            Security = Zask.ZeroRpc.Wire.TransportSecurity.ForClient(impostorKey),
        });
        impostor.Connect($"tcp://127.0.0.1:{port}");
        await FluentActions.Awaiting(() => impostor.CallAsync<string>("echo", Secret))
            .Should().ThrowAsync<EndpointUnavailableException>("the handshake fails, so no connection is ever made");

        await using var plaintext = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(1) });
        plaintext.Connect($"tcp://127.0.0.1:{port}");
        await FluentActions.Awaiting(() => plaintext.CallAsync<string>("echo", Secret))
            .Should().ThrowAsync<EndpointUnavailableException>("the handshake fails, so no connection is ever made");
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(false, false)]
    public async Task Zask_peers_coalesce_a_calls_frames_into_one_box_unless_the_config_turns_it_off(bool? setting, bool coalesced)
    {
        var serverKeys = CurveKeyPair.Generate();
        var port = FreePort.Next();
        await using var relay = new TcpRelay(port);
        var config = new Dictionary<string, object>
        {
            ["ZERORPC_SHOWCASE"] = new Dictionary<string, object>
            {
                ["1.0"] = $"tcp://127.0.0.1:{port}",
                ["relayed"] = $"tcp://127.0.0.1:{relay.Port}",
                ["default"] = "1.0",
                ["server_public_key"] = serverKeys.PublicKeyZ85,
                ["server_secret_key"] = serverKeys.SecretKeyZ85,
            },
        };
        if (setting is { } value)
        {
            config[ZeroRpcExtension.CurveBatchingKey] = value;
        }
        await using var test = new TestApp(config);
        var rpc = new ZeroRpcExtension(test.App, BuiltinMiddlewares.ConfigEndpoint);
        await using var server = rpc.Server(new ShowcaseService(), new ZeroRpcServerOptions { Version = "1.0" });
        server.EnsureBound();
        await using var client = rpc.Client("showcase", version: "relayed");

        (await client.CallAsync<string>("echo", Secret)).Should().Be(Secret);

        // The request's first MESSAGE on the wire: the empty delimiter alone in libzmq's framing (33 bytes), or the
        // delimiter and the event together in one coalesced box.
        var first = FirstDataFrameLength(relay.CapturedToServer);
        if (coalesced)
        {
            first.Should().BeGreaterThan(33 + Secret.Length);
        }
        else
        {
            first.Should().Be(33);
        }
    }

    [Fact]
    public async Task A_malformed_curve_batching_setting_stops_the_server_naming_the_key()
    {
        var serverKeys = CurveKeyPair.Generate();
        await using var test = new TestApp(new Dictionary<string, object>
        {
            ["ZERORPC_SHOWCASE"] = new Dictionary<string, object>
            {
                ["1.0"] = $"tcp://127.0.0.1:{FreePort.Next()}",
                ["server_public_key"] = serverKeys.PublicKeyZ85,
                ["server_secret_key"] = serverKeys.SecretKeyZ85,
            },
            [ZeroRpcExtension.CurveBatchingKey] = "sometimes",
        });
        var rpc = new ZeroRpcExtension(test.App, BuiltinMiddlewares.ConfigEndpoint);

        var start = () => rpc.Server(new ShowcaseService(), new ZeroRpcServerOptions { Version = "1.0" });

        start.Should().Throw<ConfigTypeException>().Which.Key.Should().Be(ZeroRpcExtension.CurveBatchingKey);
    }

    // Skips the 64-byte greeting and the handshake's command frames; the length of the first data frame's body.
    private static long FirstDataFrameLength(byte[] stream)
    {
        var at = 64;
        while (true)
        {
            var flags = stream[at];
            var size = (flags & 0x02) != 0 ? (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(stream.AsSpan(at + 1)) : stream[at + 1];
            if ((flags & 0x04) == 0)
            {
                return size;
            }
            at += ((flags & 0x02) != 0 ? 9 : 2) + (int)size;
        }
    }

    [Fact]
    public async Task Without_curve_the_same_capture_shows_the_payload()
    {
        // The control for the test above: the relay does see plaintext when nothing is encrypted.
        await using var server = new ZeroRpcServer(new ShowcaseService());
        var port = new Uri(server.Bind("tcp://127.0.0.1:*")).Port;
        await using var relay = new TcpRelay(port);
        await using var client = new ZeroRpcClient();
        client.Connect($"tcp://127.0.0.1:{relay.Port}");
        (await client.CallAsync<string>("echo", Secret)).Should().Be(Secret);
        Encoding.UTF8.GetString(relay.Captured).Should().Contain(Secret);
    }
}
