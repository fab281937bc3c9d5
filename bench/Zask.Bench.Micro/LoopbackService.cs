namespace Zask.Bench.Micro;

/// <summary>The service of the end-to-end benchmarks (the same <c>hello</c> as the harness).</summary>
public sealed class LoopbackService
{
    public string Hello(string name) => "Hello, " + name + "!";
}
