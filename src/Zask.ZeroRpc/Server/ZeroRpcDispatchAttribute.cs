namespace Zask.ZeroRpc.Server;

/// <summary>
/// Pins where a method's calls run, overriding <see cref="ZeroRpcServerOptions.Dispatch"/>; on a class, applies to
/// every method without an attribute of its own. Typical use: <c>[ZeroRpcDispatch(CallDispatch.ThreadPool)]</c> on a
/// method that is usually quick but may sometimes block (a lock, a synchronous query).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public sealed class ZeroRpcDispatchAttribute : Attribute
{
    /// <summary>Runs the method's calls as <paramref name="dispatch"/> says.</summary>
    public ZeroRpcDispatchAttribute(CallDispatch dispatch) => Dispatch = dispatch;

    /// <summary>Where the calls run.</summary>
    public CallDispatch Dispatch { get; }
}
