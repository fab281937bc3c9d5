using System.Text.Json;

namespace Zask.ZeroRpc.Serialization;

/// <summary>Applies a <see cref="NamingPolicy"/>.</summary>
internal static class NamingPolicyExtensions
{
    /// <summary>Converts a C# member name under the policy.</summary>
    public static string Apply(this NamingPolicy policy, string name) => policy switch
    {
        NamingPolicy.SnakeCase => JsonNamingPolicy.SnakeCaseLower.ConvertName(name),
        NamingPolicy.CamelCase => JsonNamingPolicy.CamelCase.ConvertName(name),
        _ => name,
    };
}
