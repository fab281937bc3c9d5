namespace Zask.Bench.Servers;

/// <summary>
/// The child-process side: <c>serve-zask|serve-zask-curve|serve-netmq|serve-grpc|serve-socket|serve-zmtp|serve-zmtp-curve --port N</c>. Prints <c>READY</c> once it listens
/// and stops when its standard input closes, so that it never outlives the harness that started it.
/// </summary>
internal static class ServeCommand
{
    public const string ReadyLine = "READY";

    public static bool IsServeVerb(string verb) =>
        verb is "serve-zask" or "serve-zask-traced" or "serve-zask-curve" or "serve-netmq" or "serve-grpc" or "serve-socket" or "serve-zmtp" or "serve-zmtp-curve";

    public static async Task<int> RunAsync(string verb, string[] args)
    {
        var port = ParsePort(args);
        // The traced server serves with tracing and metrics on for its whole life.
        using var telemetry = verb == "serve-zask-traced" ? Infrastructure.BenchTelemetry.Start() : null;
        await using IBenchServer server = verb switch
        {
            "serve-zask" or "serve-zask-traced" => new ZaskBenchServer(),
            "serve-zask-curve" => new ZaskBenchServer(ZaskCurve.ServerSecurity(CurveKeysOf(args))),
            "serve-netmq" => new NetMqEchoServer(),
            "serve-grpc" => new GrpcBenchServer(),
            "serve-socket" => new SocketEchoServer(),
            "serve-zmtp" => new ZmtpEchoServer(null),
            "serve-zmtp-curve" => new ZmtpEchoServer(Zask.Zmtp.Security.CurveSecurity.Server(CurveKeysOf(args))),
            _ => throw new ArgumentException($"unknown server {verb}"),
        };
        await server.StartAsync(port);
        Console.Out.WriteLine(ReadyLine);
        Console.Out.Flush();
        // The parent closes our stdin to stop us (or dies, which closes it too).
        await Task.Run(() => Console.In.ReadToEnd());
        return 0;
    }

    /// <summary>The server key pair the harness made for this run: <c>--curve-public Z85 --curve-secret Z85</c>.</summary>
    private static Zask.Zmtp.Security.CurveKeyPair CurveKeysOf(string[] args)
    {
        var publicIndex = Array.IndexOf(args, "--curve-public");
        var secretIndex = Array.IndexOf(args, "--curve-secret");
        if (publicIndex < 0 || secretIndex < 0 || publicIndex + 1 >= args.Length || secretIndex + 1 >= args.Length)
        {
            throw new ArgumentException("a CURVE server needs --curve-public Z85 --curve-secret Z85");
        }
        return Zask.Zmtp.Security.CurveKeyPair.FromZ85(args[publicIndex + 1], args[secretIndex + 1]);
    }

    private static int ParsePort(string[] args)
    {
        var index = Array.IndexOf(args, "--port");
        if (index < 0 || index + 1 >= args.Length || !int.TryParse(args[index + 1], out var port))
        {
            throw new ArgumentException("serve-* needs --port N");
        }
        return port;
    }
}
