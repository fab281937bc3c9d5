namespace Zask.Bench.Servers;

/// <summary>
/// The child-process side: <c>serve-zask|serve-netmq|serve-grpc --port N</c>. Prints <c>READY</c> once it listens
/// and stops when its standard input closes, so that it never outlives the harness that started it.
/// </summary>
internal static class ServeCommand
{
    public const string ReadyLine = "READY";

    public static bool IsServeVerb(string verb) => verb is "serve-zask" or "serve-netmq" or "serve-grpc";

    public static async Task<int> RunAsync(string verb, string[] args)
    {
        var port = ParsePort(args);
        await using IBenchServer server = verb switch
        {
            "serve-zask" => new ZaskBenchServer(),
            "serve-netmq" => new NetMqEchoServer(),
            "serve-grpc" => new GrpcBenchServer(),
            _ => throw new ArgumentException($"unknown server {verb}"),
        };
        await server.StartAsync(port);
        Console.Out.WriteLine(ReadyLine);
        Console.Out.Flush();
        // The parent closes our stdin to stop us (or dies, which closes it too).
        await Task.Run(() => Console.In.ReadToEnd());
        return 0;
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
