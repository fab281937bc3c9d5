namespace Zask;

/// <summary>Readable type names for error messages (<c>Dictionary&lt;String, String&gt;</c> rather than a mangled name).</summary>
internal static class TypeNames
{
    public static string Friendly(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Friendly(inner) + "?";
        }

        if (type.IsArray)
        {
            return Friendly(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Friendly))}>";
    }
}
