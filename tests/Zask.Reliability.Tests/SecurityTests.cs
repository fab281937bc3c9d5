using System.Text.Json;
using NetMQ;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Wire;

namespace Zask.Reliability.Tests;

/// <summary>
/// Refusals under pressure: thousands of calls with a wrong key, and of clients with a wrong CurveZMQ server key,
/// never run the method, never grow the server's state, and never stop authorised callers. (The single-call
/// checks, with the access log line and the wire capture, are in Zask.ZeroRpc.Tests' CustomHeaderTests and
/// CurveTests.)
/// </summary>
public sealed class SecurityTests(ITestOutputHelper output)
{
    [ZeroRpcService("vault", Version = "1.0")]
    public sealed class VaultService
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public int Open() => Interlocked.Increment(ref _runs);
    }

    [Fact]
    public async Task A_flood_of_wrong_keys_never_runs_the_method_and_authorised_calls_keep_working()
    {
        var figures = new ReliabilityFigures();
        var clock = Stopwatch.StartNew();
        var endpoint = $"tcp://127.0.0.1:{FreePort.Next()}";
        var serverKeys = new NetMQCertificate();
        using var folder = new TempDir("zask-security-");
        await using var app = CreateApp(folder, endpoint, serverKeys, accessKey: "intruder");
        var rpc = new ZeroRpcExtension(app);
        var vault = new VaultService();
        await using var server = rpc.Server(vault);
        server.EnsureBound();

        await using var intruder = rpc.Client("vault");
        const int Attempts = 2000;
        var refused = 0;
        await Parallel.ForAsync(0, Attempts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
        {
            figures.CallMade();
            try
            {
                await intruder.CallAsync<int>("open");
                figures.CallLost();
            }
            catch (RemoteException error) when (error.Name == "NoSuchAccessKey")
            {
                Interlocked.Increment(ref refused);
            }
        });
        refused.Should().Be(Attempts);
        vault.Runs.Should().Be(0, "not one refused call ran the method");
        // A channel closes just after its reply is sent, so the last one may still be closing.
        await Eventually.True(() => server.OpenChannels == 0, "no refused call left state behind");

        await using var wrongCurve = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Timeout = TimeSpan.FromMilliseconds(300),
            Security = TransportSecurity.ForClient(new NetMQCertificate().PublicKeyZ85),
        });
        wrongCurve.Connect(endpoint);
        for (var i = 0; i < 20; i++)
        {
            figures.FaultInjected();
            await FluentActions.Awaiting(() => wrongCurve.CallAsync<int>("open")).Should()
                .ThrowAsync<EndpointUnavailableException>("a client with the wrong server key never connects");
            figures.FaultSurvived();
        }
        vault.Runs.Should().Be(0);

        app.Config["ZERORPC_VAULT"] = Entry(endpoint, serverKeys, "owner");
        await using var owner = rpc.Client("vault");
        (await owner.CallAsync<int>("open")).Should().Be(1, "the authorised caller is served after the flood");
        await Eventually.True(() => server.OpenChannels == 0, "the channel table is empty again");
        figures.Extra["refused_wrong_key"] = refused;
        figures.Duration = clock.Elapsed;
        ReliabilityReport.Record("security_wrong_keys", figures, output);
    }

    private static ZaskApp CreateApp(TempDir folder, string endpoint, NetMQCertificate keys, string accessKey)
    {
        var path = folder.File("settings.json", JsonSerializer.Serialize(new Dictionary<string, object> { ["ZERORPC_VAULT"] = Entry(endpoint, keys, accessKey) }));
        var app = new ZaskApp(new ZaskAppOptions { Name = "security", RootPath = folder.Path, EnvironmentPrefix = null });
        app.Config.FromFile(path);
        return app;
    }

    private static Dictionary<string, object?> Entry(string endpoint, NetMQCertificate keys, string accessKey) => new()
    {
        ["1.0"] = endpoint,
        ["default"] = "1.0",
        ["access_key"] = accessKey,
        ["client_keys"] = new[] { "owner" },
        ["server_public_key"] = keys.PublicKeyZ85,
        ["server_secret_key"] = keys.SecretKeyZ85,
    };
}
