namespace Zask.ZeroRpc.Serialization;

/// <summary>Exposes a method under a name of your choosing instead of the naming policy's.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ZeroRpcMethodAttribute : Attribute
{
    /// <summary>Exposes the method as <paramref name="name"/>.</summary>
    public ZeroRpcMethodAttribute(string name) => Name = name;

    /// <summary>The name peers call.</summary>
    public string Name { get; }
}
