using Grpc.Net.Client;
using Zask.Bench.Protos;

namespace Zask.Bench.Scenarios;

/// <summary>The gRPC baseline: unary <c>SayHello</c> over one h2c channel, as a typical grpc-dotnet client does.</summary>
internal static class GrpcScenarios
{
    public static Task<ScenarioResult> ConcurrentAsync(Greeter.GreeterClient client, int inFlight, BenchSettings settings) =>
        ClosedLoop.RunAsync($"grpc_{inFlight}", $"gRPC SayHello, {inFlight} concurrent", inFlight,
            _ => Call(client), settings);

    public static GrpcChannel OpenChannel(int port) => GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

    public static Func<Task> Call(Greeter.GreeterClient client)
    {
        var request = new HelloRequest { Name = ZaskScenarios.Name };
        return () => client.SayHelloAsync(request).ResponseAsync;
    }
}
