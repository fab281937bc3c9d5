using System.Text.RegularExpressions;

namespace Zask.Docs.Tests.Support;

/// <summary>A <c>#region docs:name</c> of a sample source file.</summary>
public sealed record SampleRegion(string Name, string File, int Line, string Text);

/// <summary>Reads the <c>#region docs:name</c> ... <c>#endregion</c> blocks of Samples/*.cs.</summary>
public static partial class SampleRegions
{
    [GeneratedRegex(@"^\s*#region\s+docs:(?<name>[\w\-.]+)\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"^\s*#(end)?region\b")]
    private static partial Regex AnyRegionLine();

    public static IReadOnlyList<SampleRegion> ReadAll()
    {
        var regions = new List<SampleRegion>();
        foreach (var file in Directory.GetFiles(RepoPaths.Samples, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (!start.Success)
                {
                    continue;
                }
                var body = new List<string>();
                var depth = 1;
                // Scanned with j so that regions nested in this one are found by the outer loop too.
                for (var j = i + 1; j < lines.Length; j++)
                {
                    if (AnyRegionLine().IsMatch(lines[j]))
                    {
                        depth += lines[j].TrimStart().StartsWith("#endregion", StringComparison.Ordinal) ? -1 : 1;
                        if (depth == 0)
                        {
                            break;
                        }
                        continue; // nested region lines are not part of the sample
                    }
                    body.Add(lines[j]);
                }
                if (depth != 0)
                {
                    throw new InvalidOperationException($"{file}:{i + 1}: #region docs:{start.Groups["name"].Value} has no #endregion");
                }
                regions.Add(new SampleRegion(start.Groups["name"].Value, file, i + 1, string.Join('\n', body)));
            }
        }
        return regions;
    }

    /// <summary>
    /// The text as compared: each line trimmed (indentation differs between a class body and a Markdown block),
    /// blank lines at either end dropped.
    /// </summary>
    public static IReadOnlyList<string> Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return lines;
    }
}
