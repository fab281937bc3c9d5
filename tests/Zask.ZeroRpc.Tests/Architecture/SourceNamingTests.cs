using System.Text.RegularExpressions;

namespace Zask.ZeroRpc.Tests.Architecture;

/// <summary>
/// No type of ours clashes with a namespace so that code must spell it through an alias or <c>global::</c> (once the
/// class <c>ZeroRpc</c> in namespace <c>Zask.ZeroRpc</c> was written three ways). Checked in every C# file and every
/// Markdown sample of the repository.
/// </summary>
public class SourceNamingTests
{
    private static readonly string[] Folders = ["src", "tests", "examples", "bench", "docs", "templates"];

    [Fact]
    public void No_file_reaches_a_zask_type_through_an_alias_or_global()
    {
        var files = Folders.Select(f => RepositoryRoot.Combine(f)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains("node_modules", StringComparison.Ordinal))
            .ToList();
        files.Should().Contain(f => f.EndsWith("ZeroRpcExtension.cs", StringComparison.Ordinal), "the scan reads the sources");

        files.SelectMany(f => Offences(File.ReadAllText(f)).Select(o => $"{Path.GetRelativePath(RepositoryRoot.Path, f)}: {o}"))
            .Should().BeEmpty();
    }

    [Fact]
    public void The_scan_reports_an_alias_and_a_global_qualified_name()
    {
        // Spelled in pieces so that this file does not hold what it looks for.
        const string global = "global" + "::Zask.ZeroRpc.ZeroRpcExtension";
        Offences($"using Rpc = Zask.ZeroRpc.ZeroRpcExtension;\nvar x = new {global}();\nusing Zask.ZeroRpc;")
            .Should().Equal("using Rpc = Zask.ZeroRpc.ZeroRpcExtension;", global);
    }

    private static IEnumerable<string> Offences(string text) =>
        Regex.Matches(text, @"^\s*(?:global\s+)?using\s+\w+\s*=\s*Zask\.[\w.]+;|global::\s*Zask[\w.]*", RegexOptions.Multiline)
            .Select(m => m.Value.Trim());
}
