namespace Zask.Bench.Reporting;

/// <summary>A throughput ratio between two scenarios, with the target it should reach when there is one.</summary>
internal sealed record RatioSpec(string Numerator, string Denominator, double? Target)
{
    public string Key => $"{Numerator}/{Denominator}";

    /// <summary>The ratios issue 7 asks for; the first three carry its targets.</summary>
    public static IReadOnlyList<RatioSpec> For(int inFlight, int clients) =>
    [
        new("zask_seq", "netmq_seq", 0.90),
        new($"zask_{inFlight}", $"netmq_{inFlight}", 0.80),
        new($"zask_{inFlight}", $"grpc_{inFlight}", 3.0),
        new("zask_seq", "grpc_seq", null),
        new($"zask_{clients}x{inFlight}", $"netmq_{inFlight}", null),
        new($"zask_{clients}x{inFlight}", $"grpc_{inFlight}", null),
        // What running quick calls on the server's I/O thread is worth, against the same call pinned to the pool.
        new("zask_seq", "zask_seq_pool", null),
        new($"zask_{inFlight}", $"zask_{inFlight}_pool", null),
        // Where the gap to the echo lies: ZeroRPC's framing on the wire, the server, and the Zask client.
        new($"netmq_framed_{inFlight}", $"netmq_{inFlight}", null),
        new($"zask_wire_{inFlight}", $"netmq_framed_{inFlight}", null),
        new($"zask_{inFlight}", $"zask_wire_{inFlight}", null),
    ];
}
