namespace Zask.ZeroRpc.Serialization;

/// <summary>How C# method names become the names that peers call.</summary>
public enum NamingPolicy
{
    /// <summary><c>GetUser</c> becomes <c>get_user</c>: what Python and Node peers call (the default).</summary>
    SnakeCase,

    /// <summary><c>GetUser</c> becomes <c>getUser</c>.</summary>
    CamelCase,

    /// <summary>Names are exposed exactly as declared.</summary>
    AsDeclared,
}
