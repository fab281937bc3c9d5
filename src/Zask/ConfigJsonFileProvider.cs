using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Zask;

/// <summary>
/// Microsoft's JSON provider (its parser fills <see cref="ConfigurationProvider.Data"/>), which also remembers what
/// kind of JSON value each key held. String data alone cannot tell <c>7</c> from <c>"7"</c>, or <c>[]</c> and
/// <c>{}</c> from <c>null</c>; the security checks of service entries need that difference to fail closed
/// (<c>"client_keys": []</c> must not read as "no key check").
/// </summary>
internal sealed class ConfigJsonFileProvider(ConfigJsonFileSource source) : JsonConfigurationProvider(source), ITypedLayer
{
    // The same leniency as Microsoft's parser, so both accept the same files.
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private Dictionary<string, object?> _leaves = new(StringComparer.OrdinalIgnoreCase);

    public override void Load()
    {
        if (source.Snapshot is { } bytes)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            Load(stream);
            OnReload();
            return;
        }

        base.Load();
    }

    public override void Load(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var leaves = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        var scratch = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var keys = new List<string>();
        using (var document = Parse(bytes))
        {
            RefuseDuplicates(document.RootElement, null);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                keys.Add(property.Name);
                ConfigFlattener.Flatten(scratch, leaves, property.Name, ConfigValues.FromJson(property.Value));
            }
        }

        base.Load(new MemoryStream(bytes, writable: false));
        source.Loaded(bytes, keys);
        foreach (var key in keys.Where(source.IsRemoved))
        {
            Drop(Data, key);
            Drop(leaves, key);
        }

        _leaves = leaves;
    }

    public bool TryGetTyped(string path, out object? value) => _leaves.TryGetValue(path, out value);

    public override string ToString() => source.ToString();

    private JsonDocument Parse(byte[] bytes)
    {
        // Editors may start the file with a UTF-8 byte order mark, which the reader of bytes does not skip.
        ReadOnlyMemory<byte> json = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsMemory(3) : bytes;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException ex)
        {
            // System.Text.Json positions are 0-based; people count from 1.
            long? line = ex.LineNumber + 1;
            long? column = ex.BytePositionInLine + 1;
            throw new ConfigParseException(source.FullPath, line, column,
                $"Unable to load configuration file '{source.FullPath}': invalid JSON at line {line}, column {column}.", ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new ConfigParseException(source.FullPath, null, null,
                $"Unable to load configuration file '{source.FullPath}': the root must be a JSON object, but it is {kind}.");
        }

        return document;
    }

    // A key given twice is refused, never resolved: Microsoft's parser refuses it for values but merges two arrays
    // or objects of one name, and a second "client_keys" must not quietly change which keys are accepted.
    private void RefuseDuplicates(JsonElement element, string? path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                RefuseDuplicates(item, ConfigurationPath.Combine(path ?? string.Empty, (index++).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        // Configuration keys ignore case, so "Debug" and "DEBUG" are one key.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            var key = path is null ? property.Name : ConfigurationPath.Combine(path, property.Name);
            if (!seen.Add(property.Name))
            {
                throw new ConfigParseException(source.FullPath, null, null,
                    $"Unable to load configuration file '{source.FullPath}': the key '{key}' is given twice.");
            }

            RefuseDuplicates(property.Value, key);
        }
    }

    private static void Drop<T>(IDictionary<string, T> values, string key)
    {
        foreach (var path in values.Keys.Where(k => k.Equals(key, StringComparison.OrdinalIgnoreCase) ||
                                                    k.StartsWith(key + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            values.Remove(path);
        }
    }
}
