namespace Zask.Bench.Reporting;

/// <summary>A throughput ratio between two scenarios, with the target it should reach when there is one.</summary>
internal sealed record RatioSpec(string Numerator, string Denominator, double? Target)
{
    public string Key => $"{Numerator}/{Denominator}";

    /// <summary>
    /// The ratios reported: those with a target are issue 18's (the .NET floor, gRPC, NetMQ and CURVE against plain);
    /// the rest say where the gap between two targets lies.
    /// </summary>
    public static IReadOnlyList<RatioSpec> For(int inFlight, int clients)
    {
        var low = Scenarios.BenchSettings.LowInFlight;
        return
        [
            new("zask_seq", "dotnet_socket_seq", 0.5),
            new("zask_seq", "grpc_seq", 3.0),
            new($"zask_{inFlight}", $"grpc_{inFlight}", 4.0),
            new($"zask_{low}", $"grpc_{low}", 2.0),
            new("zmtp_seq", "dotnet_socket_seq", 0.8),
            new($"zmtp_{inFlight}", $"netmq_{inFlight}", 1.0),
            new($"zask_curve_{inFlight}", $"zask_{inFlight}", 0.6),
            // Issue 20: tracing and metrics on cost at most 15 % of the calls per second.
            new($"zask_{inFlight}_traced", $"zask_{inFlight}", 0.85),
            // The transport against the floor, and what ZeroRPC costs on top of the transport.
            new($"zmtp_{inFlight}", $"dotnet_socket_{inFlight}", null),
            new("zask_seq", "zmtp_seq", null),
            new($"zask_{inFlight}", $"zmtp_{inFlight}", null),
            new($"zmtp_curve_{inFlight}", $"zmtp_{inFlight}", null),
            // The awaitable receive against the receive handler, same echo.
            new($"zmtp_pull_{inFlight}", $"zmtp_{inFlight}", null),
            new("zask_seq", "netmq_seq", null),
            new($"zask_{inFlight}", $"netmq_{inFlight}", null),
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
}
