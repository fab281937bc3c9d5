using System.ComponentModel.DataAnnotations.Schema;
using System.Reflection;
using System.Text;

namespace Zask.Data;

/// <summary>Table names and bind keys of model classes.</summary>
internal static class TableNames
{
    /// <summary>
    /// The table of <paramref name="modelType"/>: <c>[Table]</c>, else a static <c>TableName</c> member, else the
    /// snake_case class name.
    /// </summary>
    public static string For(Type modelType)
    {
        if (modelType.GetCustomAttribute<TableAttribute>(inherit: false) is { } table)
        {
            return table.Name;
        }
        return Declared(modelType) ?? SnakeCase(modelType.Name);
    }

    /// <summary>The value of a static <c>TableName</c> property or field declared on the type itself.</summary>
    public static string? Declared(Type modelType)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var value = modelType.GetProperty("TableName", flags)?.GetValue(null) ?? modelType.GetField("TableName", flags)?.GetValue(null);
        return value as string is { Length: > 0 } name ? name : null;
    }

    /// <summary>
    /// Flask-SQLAlchemy's <c>camel_to_snake_case</c>: an underscore before an upper-case letter that follows a
    /// lower-case letter or digit, or that starts a capitalised word after an acronym (<c>HTTPServer</c> →
    /// <c>http_server</c>).
    /// </summary>
    public static string SnakeCase(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                var previous = name[i - 1];
                var afterLowerOrDigit = char.IsLower(previous) || char.IsDigit(previous);
                var startsWord = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((afterLowerOrDigit || startsWord) && previous != '_')
                {
                    builder.Append('_');
                }
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString().TrimStart('_');
    }

    /// <summary>The bind key of a model (<see cref="BindKeyAttribute"/>), or <c>null</c> for the default database.</summary>
    public static string? BindKey(Type modelType) => modelType.GetCustomAttribute<BindKeyAttribute>(inherit: true)?.Key;
}
