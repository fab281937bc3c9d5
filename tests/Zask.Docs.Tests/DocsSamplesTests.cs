using System.Text.Json;
using Zask.Docs.Tests.Support;
using Zask.ZeroRpc.Extension;

namespace Zask.Docs.Tests;

/// <summary>
/// The docs cannot drift from the code: every C# block in README.md, docs/*.md and the packages' READMEs must be marked either
/// <c>&lt;!-- sample: name --&gt;</c> and equal (line by line, indentation aside) the region
/// <c>#region docs:name</c> of a compiled file in Samples/, or <c>&lt;!-- program: name --&gt;</c> and compile as a
/// whole Program.cs (<see cref="ProgramBlocksTests"/>); every JSON block must parse.
/// </summary>
public class DocsSamplesTests
{
    private static readonly IReadOnlyList<CodeBlock> Blocks = MarkdownBlocks.ReadDocs();
    private static readonly IReadOnlyList<SampleRegion> Regions = SampleRegions.ReadAll();

    [Fact]
    public void The_docs_and_the_samples_are_there()
    {
        Blocks.Where(b => MarkdownBlocks.IsCSharp(b.Language)).Should().HaveCountGreaterThan(20);
        Regions.Should().HaveCountGreaterThan(20);
    }

    [Fact]
    public void Every_csharp_block_is_marked_with_a_sample_name()
    {
        var unmarked = Blocks
            .Where(b => MarkdownBlocks.IsCSharp(b.Language)
                && (b.Marker is null || !(b.Marker.StartsWith("sample:", StringComparison.Ordinal) || b.Marker.StartsWith("program:", StringComparison.Ordinal))))
            .Select(b => b.ToString());
        unmarked.Should().BeEmpty("each ```csharp block needs <!-- sample: name --> right above it, naming a #region docs:name in tests/Zask.Docs.Tests/Samples, or <!-- program: name --> when it is a whole Program.cs");
    }

    [Fact]
    public void Sample_names_are_unique()
    {
        Regions.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty();
    }

    [Fact]
    public void Every_csharp_block_equals_its_compiled_sample()
    {
        var regions = Regions.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.First());
        var problems = new List<string>();
        foreach (var block in Blocks.Where(b => MarkdownBlocks.IsCSharp(b.Language) && b.Marker?.StartsWith("sample:", StringComparison.Ordinal) == true))
        {
            var name = block.Marker!["sample:".Length..].Trim();
            if (!regions.TryGetValue(name, out var region))
            {
                problems.Add($"{block}: no #region docs:{name} in Samples/");
                continue;
            }
            var expected = SampleRegions.Normalize(region.Text);
            var actual = SampleRegions.Normalize(block.Text);
            if (!expected.SequenceEqual(actual))
            {
                var index = Enumerable.Range(0, Math.Max(expected.Count, actual.Count))
                    .First(i => i >= expected.Count || i >= actual.Count || expected[i] != actual[i]);
                problems.Add($"{block}: differs from {Path.GetFileName(region.File)}:{region.Line} (docs:{name}) at line {index + 1}:\n" +
                    $"  docs:   {(index < actual.Count ? actual[index] : "<end>")}\n" +
                    $"  sample: {(index < expected.Count ? expected[index] : "<end>")}");
            }
        }
        problems.Should().BeEmpty();
    }

    [Fact]
    public void Every_sample_region_is_shown_in_the_docs()
    {
        var shown = Blocks.Where(b => b.Marker?.StartsWith("sample:", StringComparison.Ordinal) == true)
            .Select(b => b.Marker!["sample:".Length..].Trim())
            .ToHashSet(StringComparer.Ordinal);
        Regions.Select(r => r.Name).Where(n => !shown.Contains(n)).Should().BeEmpty("a sample nobody shows is dead weight");
    }

    [Fact]
    public void Every_json_block_parses()
    {
        var problems = new List<string>();
        foreach (var block in Blocks.Where(b => b.Language is "json" or "jsonc"))
        {
            try
            {
                using var _ = JsonDocument.Parse(block.Text, new JsonDocumentOptions
                {
                    CommentHandling = JsonCommentHandling.Skip,
                    AllowTrailingCommas = true, // what Config.FromFile accepts
                });
            }
            catch (JsonException ex)
            {
                problems.Add($"{block}: {ex.Message}");
            }
        }
        problems.Should().BeEmpty();
    }

    [Fact]
    public void Every_json_config_block_loads_into_a_zask_config_and_its_service_entries_read()
    {
        // Blocks marked <!-- json: name --> are configuration files: load each as Config.FromFile would, and read
        // every ZERORPC_* entry the way the extension does.
        var configs = Blocks.Where(b => b.Language == "json" && b.Marker?.StartsWith("json:", StringComparison.Ordinal) == true).ToArray();
        configs.Should().NotBeEmpty();
        using var dir = new TempDir();
        foreach (var block in configs)
        {
            var path = dir.File("settings.json", block.Text);
            // Real keys: a key file's lines are checked as Z85 keys like the entry's own.
            var keys = Zask.Zmtp.Security.CurveKeyPair.Generate();
            File.WriteAllText(Path.Combine(dir.Path, "inventory.keys"), $"public={keys.PublicKeyZ85}\nsecret={keys.SecretKeyZ85}\n");
            using var app = new ZaskApp(new ZaskAppOptions { Name = "docs", RootPath = dir.Path, EnvironmentPrefix = null });
            app.Config.FromFile(path);
            foreach (var key in app.Config.Keys.Where(k => k.StartsWith("ZERORPC_", StringComparison.Ordinal) && k != "ZERORPC_ACCESS_LOG"))
            {
                var entry = ServiceConfig.Read(app.Config, key["ZERORPC_".Length..]);
                entry.Versions.Should().NotBeEmpty($"{block} {key} lists endpoints");
                if (entry.DefaultVersion is not null)
                {
                    entry.EndpointsFor(null).Should().NotBeEmpty();
                }
            }
        }
    }
}
