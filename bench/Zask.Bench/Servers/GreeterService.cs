using Grpc.Core;
using Zask.Bench.Protos;

namespace Zask.Bench.Servers;

/// <summary>The gRPC twin of <see cref="BenchService.Hello"/>.</summary>
internal sealed class GreeterService : Greeter.GreeterBase
{
    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(new HelloReply { Message = "Hello, " + request.Name + "!" });
}
