namespace Zask.ZeroRpc.Server;

/// <summary>
/// Answers a method returning <see cref="IEnumerable{T}"/> as a stream (<c>STREAM</c> events, like
/// zerorpc-python's <c>@zerorpc.stream</c>) instead of one array. Methods returning
/// <see cref="IAsyncEnumerable{T}"/> always stream and need no attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ZeroRpcStreamAttribute : Attribute
{
}
