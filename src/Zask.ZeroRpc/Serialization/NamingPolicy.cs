using System.Text.Json;

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

/// <summary>Applies a <see cref="NamingPolicy"/>.</summary>
public static class NamingPolicyExtensions
{
    /// <summary>Converts a C# member name under the policy.</summary>
    public static string Apply(this NamingPolicy policy, string name) => policy switch
    {
        NamingPolicy.SnakeCase => JsonNamingPolicy.SnakeCaseLower.ConvertName(name),
        NamingPolicy.CamelCase => JsonNamingPolicy.CamelCase.ConvertName(name),
        _ => name,
    };
}
