using System.Globalization;

namespace Zask.Bench;

/// <summary>The harness's command line.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Zask.Bench: Zask vs a raw .NET Socket, Zask.Zmtp, raw NetMQ and gRPC, client and server in separate processes on tcp loopback.

          --seconds N         measured seconds per scenario (default 5)
          --rounds N          run every scenario N times and report medians (default 1)
          --warmup N          warm-up seconds per scenario (default: max(1, seconds/3))
          --json PATH         write the results as JSON
          --chart PATH        write a PNG chart of the ratios
          --chart-from JSON   only redraw the chart of a run saved with --json (to --chart PATH, or JSON.png)
          --calls-memory N    also make N calls from one client and report the server's memory growth
          --only LIST         comma-separated subset of: socket, zmtp, netmq, zask, stream, grpc, curve, traced
                              (default: all); zask_N (N the --in-flight value) runs only that zask scenario;
                              seq: the one-at-a-time scenarios of socket, zmtp, zask and grpc, paired, without
                              their groups' other scenarios
          --in-flight N       calls in flight for the concurrent scenarios (default 32)
          --clients N         clients in the many-clients scenario (default 4)
          --stream-items N    items per range() stream (default 100000)
          --stock-netmq-clock run every process (raw NetMQ too) with NetMQ's clock as it ships on Linux, a poll
                              system call per frame (sets NETQM_SUPPRESS_RDTSC, NetMQ's own switch)
          --inline-socket-completions
                              run every process (raw NetMQ and gRPC too) with .NET's socket completions on its
                              epoll thread instead of the thread pool (sets DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS)
        """;

    public double Seconds { get; init; } = 5;

    public int Rounds { get; init; } = 1;

    public double? Warmup { get; init; }

    public string? JsonPath { get; init; }

    public string? ChartPath { get; init; }

    /// <summary>Draw the chart of a run saved with <c>--json</c> (to <see cref="ChartPath"/>) and run nothing.</summary>
    public string? ChartFrom { get; init; }

    public long MemoryCalls { get; init; }

    public IReadOnlySet<string> Only { get; init; } = new HashSet<string> { "socket", "zmtp", "netmq", "zask", "stream", "grpc", "curve", "traced" };

    public int InFlight { get; init; } = 32;

    public int Clients { get; init; } = 4;

    public int StreamItems { get; init; } = 100_000;

    public bool StockNetMqClock { get; init; }

    public bool InlineSocketCompletions { get; init; }

    public TimeSpan WarmupSpan => TimeSpan.FromSeconds(Warmup ?? Math.Max(1, Seconds / 3));

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--seconds" => options with { Seconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--rounds" => options with { Rounds = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--json" => options with { JsonPath = Value() },
                "--chart" => options with { ChartPath = Value() },
                "--chart-from" => options with { ChartFrom = Value() },
                "--calls-memory" => options with { MemoryCalls = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--only" => options with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() },
                "--in-flight" => options with { InFlight = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--clients" => options with { Clients = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--stream-items" => options with { StreamItems = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--stock-netmq-clock" => options with { StockNetMqClock = true },
                "--inline-socket-completions" => options with { InlineSocketCompletions = true },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }
}
