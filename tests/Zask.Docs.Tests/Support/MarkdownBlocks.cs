using System.Text.RegularExpressions;

namespace Zask.Docs.Tests.Support;

/// <summary>A fenced code block of a Markdown file, with the HTML comment marker right above it, if any.</summary>
public sealed record CodeBlock(string File, int Line, string Language, string? Marker, string Text)
{
    public override string ToString() => $"{Path.GetFileName(File)}:{Line} ({Language})";
}

/// <summary>Reads the fenced code blocks of Markdown files.</summary>
public static partial class MarkdownBlocks
{
    [GeneratedRegex(@"^\s*<!--\s*(?<marker>.+?)\s*-->\s*$")]
    private static partial Regex MarkerLine();

    [GeneratedRegex(@"^(?<indent>\s*)(?<fence>```+|~~~+)\s*(?<lang>[^\s`]*)")]
    private static partial Regex FenceLine();

    public static IReadOnlyList<CodeBlock> Read(string file)
    {
        var lines = File.ReadAllLines(file);
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceLine().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }
            var fence = open.Groups["fence"].Value;
            var language = open.Groups["lang"].Value.ToLowerInvariant();
            // The marker is the nearest non-blank line above the fence.
            string? marker = null;
            for (var j = i - 1; j >= 0; j--)
            {
                if (string.IsNullOrWhiteSpace(lines[j]))
                {
                    continue;
                }
                var m = MarkerLine().Match(lines[j]);
                marker = m.Success ? m.Groups["marker"].Value : null;
                break;
            }
            var body = new List<string>();
            var start = i + 1;
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith(fence, StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }
            blocks.Add(new CodeBlock(file, start, language, marker, string.Join('\n', body)));
        }
        return blocks;
    }

    /// <summary>
    /// Every block of README.md, of every Markdown file in docs/, of each package's README (src/*/README.md, its
    /// NuGet page) and of the template's README.
    /// </summary>
    public static IReadOnlyList<CodeBlock> ReadDocs() =>
        Directory.GetFiles(RepoPaths.Docs, "*.md").Order(StringComparer.Ordinal)
            .Prepend(Path.Combine(RepoPaths.Root, "README.md"))
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "README.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            .Append(Path.Combine(RepoPaths.Root, "templates", "zask-service", "README.md"))
            .SelectMany(Read)
            .ToArray();

    /// <summary>The JSON block marked <c>&lt;!-- json: name --&gt;</c>.</summary>
    public static string Json(string name) =>
        ReadDocs().Single(b => b.Language == "json" && b.Marker == "json: " + name).Text;

    public static bool IsCSharp(string language) => language is "csharp" or "cs" or "c#";
}
