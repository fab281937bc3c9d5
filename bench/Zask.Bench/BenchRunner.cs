using Spectre.Console;
using Zask.Bench.Infrastructure;
using Zask.Bench.Protos;
using Zask.Bench.Reporting;
using Zask.Bench.Scenarios;
using Zask.ZeroRpc.Client;

namespace Zask.Bench;

/// <summary>
/// Runs the scenarios one after the other, each against its own server child, so that no two ever compete for
/// the two cores; a scenario that fails is recorded as such and the run goes on.
/// </summary>
internal sealed class BenchRunner(BenchOptions options)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly BenchSettings _settings = new(options.WarmupSpan, TimeSpan.FromSeconds(options.Seconds), options.InFlight, options.Clients);

    public async Task<BenchReport> RunAsync()
    {
        var loadBefore = LoadAverage.OneMinute();
        AnsiConsole.MarkupLine($"[grey]warm-up {_settings.Warmup.TotalSeconds:0.#} s + {_settings.Measure.TotalSeconds:0.#} s per scenario, {Environment.ProcessorCount} cores[/]");
        var rounds = new List<BenchReport>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            if (options.Rounds > 1)
            {
                AnsiConsole.MarkupLine($"[bold]round {round} of {options.Rounds}[/]");
            }
            var single = new BenchReport(_settings);
            await RunScenariosAsync(single);
            rounds.Add(single);
        }
        var report = rounds.Count == 1 ? rounds[0] : BenchReport.Combine(_settings, rounds);
        if (options.MemoryCalls > 0)
        {
            await WithServerAsync(report, "serve-zask", [], [], async port =>
            {
                await using var client = new ZeroRpcClient();
                client.Connect($"tcp://127.0.0.1:{port}");
                AnsiConsole.MarkupLine($"[grey]memory check: {options.MemoryCalls:N0} calls, {_settings.InFlight} in flight, one client[/]");
                report.Memory = await MemoryCheck.RunAsync(client, options.MemoryCalls, _settings.InFlight);
            });
        }
        report.Load = (loadBefore, LoadAverage.OneMinute());
        return report;
    }

    private async Task RunScenariosAsync(BenchReport report)
    {
        var n = _settings.InFlight;
        var low = BenchSettings.LowInFlight;
        await RunPairedSequentialAsync(report);
        if (options.Only.Contains("socket"))
        {
            await WithServerAsync(report, "serve-socket", [], [$"dotnet_socket_{n}"], async port =>
            {
                await Measure(report, () => SocketEchoClient.RunAsync($"dotnet_socket_{n}",
                    $"raw .NET async Socket echo, {SocketEchoClient.MessageBytes} B, {n} in flight", port, n, _settings));
            });
        }
        if (options.Only.Contains("zmtp"))
        {
            await WithServerAsync(report, "serve-zmtp", [], [$"zmtp_{n}", $"zmtp_pull_{n}"], async port =>
            {
                await Measure(report, () => ZmtpEchoClient.RunAsync($"zmtp_{n}",
                    $"Zask.Zmtp echo, 60 B after an empty frame, {n} in flight", port, n, _settings));
                await Measure(report, () => ZmtpEchoClient.RunAsync($"zmtp_pull_{n}",
                    $"Zask.Zmtp echo, replies read by one ReceiveAsync loop, {n} in flight", port, n, _settings, pull: true));
            });
        }
        if (options.Only.Contains("netmq"))
        {
            await WithServerAsync(report, "serve-netmq", [], ["netmq_seq", $"netmq_{_settings.InFlight}", $"netmq_framed_{_settings.InFlight}"], async port =>
            {
                await Measure(report, () => RawDealerClient.RunAsync("netmq_seq", "raw NetMQ echo, 60 B, 1 in flight", port, 1,
                    new EchoExchange(delimited: false), _settings));
                await Measure(report, () => RawDealerClient.RunAsync($"netmq_{_settings.InFlight}",
                    $"raw NetMQ echo, 60 B, {_settings.InFlight} in flight", port, _settings.InFlight, new EchoExchange(delimited: false), _settings));
                // ZeroRPC puts an empty delimiter frame before every event: the same echo, framed so.
                await Measure(report, () => RawDealerClient.RunAsync($"netmq_framed_{_settings.InFlight}",
                    $"raw NetMQ echo, 60 B after an empty frame (ZeroRPC's framing), {_settings.InFlight} in flight", port,
                    _settings.InFlight, new EchoExchange(delimited: true), _settings));
            });
        }
        // "zask" runs every zask_ scenario; "zask_N" alone the N-in-flight one (to compare it with zask_N_traced).
        var zaskInFlightOnly = !options.Only.Contains("zask") && options.Only.Contains($"zask_{n}");
        if (options.Only.Contains("zask") || options.Only.Contains("stream") || zaskInFlightOnly)
        {
            await WithServerAsync(report, "serve-zask", [], [$"zask_{_settings.InFlight}", $"zask_wire_{_settings.InFlight}",
                $"zask_{low}", $"zask_{_settings.Clients}x{_settings.InFlight}", "zask_seq_pool", $"zask_{_settings.InFlight}_pool", "zask_stream"], async port =>
            {
                await using var client = new ZeroRpcClient();
                client.Connect($"tcp://127.0.0.1:{port}");
                if (zaskInFlightOnly)
                {
                    // Without zask_seq before it: its warm-up as well, the history zask_N_traced is given below.
                    await Measure(report, () => ZaskScenarios.InFlightAsync(client, n,
                        _settings with { Warmup = _settings.Warmup + _settings.Warmup + _settings.Measure }));
                }
                if (options.Only.Contains("zask"))
                {
                    await SequentialHistoryAsync(() => client.CallAsync<string>("hello", ZaskScenarios.Name));
                    await Measure(report, () => ZaskScenarios.InFlightAsync(client, n, _settings));
                    if (low != n)
                    {
                        await Measure(report, () => ZaskScenarios.InFlightAsync(client, low, _settings));
                    }
                    // The server alone: the same calls from the raw one-thread client the echo uses, without the Zask client.
                    await Measure(report, () => RawDealerClient.RunAsync($"zask_wire_{_settings.InFlight}",
                        $"Zask server, hello() from a one-thread raw DEALER (no Zask client), {_settings.InFlight} in flight", port,
                        _settings.InFlight, new HelloExchange(), _settings));
                    var clients = Enumerable.Range(0, _settings.Clients).Select(_ => new ZeroRpcClient()).ToArray();
                    try
                    {
                        foreach (var c in clients)
                        {
                            c.Connect($"tcp://127.0.0.1:{port}");
                        }
                        await Measure(report, () => ZaskScenarios.ManyClientsAsync(clients, _settings));
                    }
                    finally
                    {
                        foreach (var c in clients)
                        {
                            await c.DisposeAsync();
                        }
                    }
                    await Measure(report, () => ZaskScenarios.PooledSequentialAsync(client, _settings));
                    await Measure(report, () => ZaskScenarios.PooledInFlightAsync(client, _settings));
                }
                if (options.Only.Contains("stream"))
                {
                    await Measure(report, () => ZaskScenarios.StreamAsync(client, options.StreamItems, _settings));
                }
            });
        }
        if (options.Only.Contains("grpc"))
        {
            await WithServerAsync(report, "serve-grpc", [], [$"grpc_{n}", $"grpc_{low}"], async port =>
            {
                using var channel = GrpcScenarios.OpenChannel(port);
                var client = new Greeter.GreeterClient(channel);
                await SequentialHistoryAsync(GrpcScenarios.Call(client));
                await Measure(report, () => GrpcScenarios.ConcurrentAsync(client, n, _settings));
                if (low != n)
                {
                    await Measure(report, () => GrpcScenarios.ConcurrentAsync(client, low, _settings));
                }
            });
        }
        if (options.Only.Contains("traced"))
        {
            // Issue 20's cost: the zask_N call with tracing and metrics on in both processes, against zask_N.
            await WithServerAsync(report, "serve-zask-traced", [], [$"zask_{n}_traced"], async port =>
            {
                using var telemetry = BenchTelemetry.Start();
                await using var client = new ZeroRpcClient();
                client.Connect($"tcp://127.0.0.1:{port}");
                // zask_N is measured on a server (and a client) that served zask_seq before it, so the JIT had
                // compiled their hot paths for good; this server and the SDK's paths start cold. The same history
                // here (a zask_seq's length more of warm-up) compares steady states, not one's tiered JIT.
                var settings = _settings with { Warmup = _settings.Warmup + _settings.Warmup + _settings.Measure };
                await Measure(report, () => ClosedLoop.RunAsync($"zask_{n}_traced",
                    $"Zask hello() with tracing (every call sampled, spans exported) and metrics on, {n} in flight, 1 client", n,
                    _ => () => client.CallAsync<string>("hello", ZaskScenarios.Name), settings));
            });
        }
        if (options.Only.Contains("curve"))
        {
            // One key pair for the run, made here and handed to each CURVE server child on its command line.
            var keys = Zask.Zmtp.Security.CurveKeyPair.Generate();
            string[] keyArgs = ["--curve-public", keys.PublicKeyZ85, "--curve-secret", keys.SecretKeyZ85];
            await WithServerAsync(report, "serve-zmtp-curve", keyArgs, [$"zmtp_curve_{n}"], async port =>
            {
                await Measure(report, () => ZmtpEchoClient.RunAsync($"zmtp_curve_{n}",
                    $"Zask.Zmtp echo over CURVE, 60 B after an empty frame, {n} in flight", port, n, _settings,
                    Zask.Zmtp.Security.CurveSecurity.Client(keys.PublicKey)));
            });
            await WithServerAsync(report, "serve-zask-curve", keyArgs, [$"zask_curve_{n}"], async port =>
            {
                await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Security = Servers.ZaskCurve.ClientSecurity(keys) });
                client.Connect($"tcp://127.0.0.1:{port}");
                await Measure(report, () => ClosedLoop.RunAsync($"zask_curve_{n}",
                    $"Zask hello() over CURVE (on {Servers.ZaskCurve.Transport}), {n} in flight, 1 client", n,
                    _ => () => client.CallAsync<string>("hello", ZaskScenarios.Name), _settings));
            });
        }
    }

    /// <summary>
    /// The one-at-a-time scenarios of the groups asked for, paired with each other in one block (see
    /// <see cref="PairedSequential"/>): every server they need runs for the whole block.
    /// </summary>
    private async Task RunPairedSequentialAsync(BenchReport report)
    {
        (string Group, string Verb, string Key)[] all =
        [
            ("socket", "serve-socket", "dotnet_socket_seq"),
            ("zmtp", "serve-zmtp", "zmtp_seq"),
            ("zask", "serve-zask", "zask_seq"),
            ("grpc", "serve-grpc", "grpc_seq"),
        ];
        var wanted = all.Where(w => options.Only.Contains(w.Group) || options.Only.Contains("seq")).ToArray();
        if (wanted.Length == 0)
        {
            return;
        }
        AnsiConsole.MarkupLine($"[grey]one at a time, paired: {Markup.Escape(string.Join(", ", wanted.Select(w => w.Key)))}[/]");
        var servers = new List<ChildServer>();
        var probes = new List<(ISequentialProbe Probe, int ServerProcessId)>();
        try
        {
            foreach (var (_, verb, key) in wanted)
            {
                try
                {
                    var server = await ChildServer.StartAsync(verb, [], StartTimeout);
                    servers.Add(server);
                    probes.Add((await OpenSequentialProbeAsync(key, server.Port), server.ProcessId));
                }
                catch (Exception ex)
                {
                    AnsiConsole.MarkupLine($"[red]{Markup.Escape(verb)} failed: {Markup.Escape(ex.Message)}[/]");
                    report.Add(new ScenarioResult(key, verb) { Error = ex.GetType().Name + ": " + ex.Message });
                }
            }
            try
            {
                foreach (var result in await PairedSequential.RunAsync(probes, _settings))
                {
                    Add(report, result);
                }
            }
            catch (Exception ex)
            {
                AnsiConsole.MarkupLine($"[red]one at a time, paired, failed: {Markup.Escape(ex.Message)}[/]");
                foreach (var (probe, _) in probes)
                {
                    report.Add(new ScenarioResult(probe.Key, probe.Description) { Error = ex.GetType().Name + ": " + ex.Message });
                }
            }
        }
        finally
        {
            CpuMeter.ServerProcessId = null;
            foreach (var (probe, _) in probes)
            {
                await probe.DisposeAsync();
            }
            foreach (var server in servers)
            {
                server.Dispose();
            }
        }
    }

    private static async Task<ISequentialProbe> OpenSequentialProbeAsync(string key, int port)
    {
        switch (key)
        {
            case "dotnet_socket_seq":
                return await SocketEchoClient.OpenSequentialAsync(key, $"raw .NET async Socket echo, {SocketEchoClient.MessageBytes} B, 1 in flight", port);
            case "zmtp_seq":
                return ZmtpEchoClient.OpenSequential(key, "Zask.Zmtp echo, 60 B after an empty frame, 1 in flight", port);
            case "zask_seq":
            {
                var client = new ZeroRpcClient();
                client.Connect($"tcp://127.0.0.1:{port}");
                return new ClosedLoopProbe(key, "Zask hello(), 1 in flight", () => client.CallAsync<string>("hello", ZaskScenarios.Name), client.DisposeAsync);
            }
            default:
            {
                var channel = GrpcScenarios.OpenChannel(port);
                return new ClosedLoopProbe(key, "gRPC SayHello, 1 in flight", GrpcScenarios.Call(new Greeter.GreeterClient(channel)), () =>
                {
                    channel.Dispose();
                    return ValueTask.CompletedTask;
                });
            }
        }
    }

    /// <summary>
    /// The history the scenarios of a group's server had when its one-at-a-time scenario opened the group: as many
    /// calls one at a time (warm-up and measured seconds), thrown away, so that the JIT has settled its hot paths the
    /// same way before the concurrent scenarios warm up.
    /// </summary>
    private Task SequentialHistoryAsync(Func<Task> call) =>
        ClosedLoop.PhaseAsync(1, _ => call, _settings.Warmup + _settings.Measure);

    private static async Task Measure(BenchReport report, Func<Task<ScenarioResult>> scenario) => Add(report, await scenario());

    private static void Add(BenchReport report, ScenarioResult result)
    {
        report.Add(result);
        var figure = result.ItemsPerSecond is { } items ? $"{items:N0} items/s" : $"{result.CallsPerSecond:N0} calls/s, p50 {result.P50Micros:N0} µs, p99 {result.P99Micros:N0} µs";
        AnsiConsole.MarkupLine($"  {Markup.Escape(result.Key),-12} {Markup.Escape(figure)}");
    }

    private static async Task WithServerAsync(BenchReport report, string verb, string[] serverArgs, string[] keys, Func<int, Task> body)
    {
        AnsiConsole.MarkupLine($"[grey]starting {verb}[/]");
        try
        {
            using var server = await ChildServer.StartAsync(verb, serverArgs, StartTimeout);
            CpuMeter.ServerProcessId = server.ProcessId;
            try
            {
                await body(server.Port);
            }
            finally
            {
                CpuMeter.ServerProcessId = null;
            }
        }
        catch (Exception ex)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(verb)} failed: {Markup.Escape(ex.Message)}[/]");
            foreach (var key in keys.Where(k => report.Scenarios.All(s => s.Key != k)))
            {
                report.Add(new ScenarioResult(key, verb) { Error = ex.GetType().Name + ": " + ex.Message });
            }
        }
    }
}
