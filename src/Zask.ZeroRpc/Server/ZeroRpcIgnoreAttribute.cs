namespace Zask.ZeroRpc.Server;

/// <summary>Keeps a public method from being callable over ZeroRPC.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ZeroRpcIgnoreAttribute : Attribute
{
}
