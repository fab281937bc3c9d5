using Zask.Docs.Tests.Support;

namespace Zask.Docs.Tests;

/// <summary>
/// The blocks marked <c>&lt;!-- program: name --&gt;</c> in README.md and docs/*.md are whole programs: pasted into
/// the Program.cs of a new console project that references Zask, they compile as printed, <c>using</c> lines
/// included.
/// </summary>
public class ProgramBlocksTests
{
    private static readonly CodeBlock[] Programs = MarkdownBlocks.ReadDocs()
        .Where(b => MarkdownBlocks.IsCSharp(b.Language) && b.Marker?.StartsWith("program:", StringComparison.Ordinal) == true)
        .ToArray();

    [Fact]
    public void The_readme_and_the_quickstart_show_whole_programs()
    {
        Programs.Select(b => Path.GetFileName(b.File)).Should().Contain("README.md").And.Contain("quickstart.md");
    }

    [Fact]
    public void Every_program_block_compiles_as_printed()
    {
        var problems = Programs
            .Select(block => (block, errors: ProgramCompiler.Errors(block.Text)))
            .Where(p => p.errors.Count > 0)
            .Select(p => $"{p.block} ({p.block.Marker}):\n  " + string.Join("\n  ", p.errors));
        problems.Should().BeEmpty();
    }

    [Fact]
    public void A_program_missing_a_using_or_with_a_class_before_its_statements_does_not_compile()
    {
        // What the check exists for: the two ways the README's samples once failed when pasted.
        ProgramCompiler.Errors("""
            await using var client = new ZeroRpcClient();
            """).Should().ContainSingle(e => e.Contains("CS0246", StringComparison.Ordinal));
        ProgramCompiler.Errors("""
            using Zask.ZeroRpc.Server;
            public class Greeter { public string Hello(string name) => name; }
            await using var server = new ZeroRpcServer(new Greeter());
            """).Should().Contain(e => e.Contains("CS8803", StringComparison.Ordinal));
        ProgramCompiler.Errors("""
            using Zask.ZeroRpc.Client;
            await using var client = new ZeroRpcClient();
            Console.WriteLine(await client.CallAsync<string>("hello", "World"));
            """).Should().BeEmpty();
    }
}
