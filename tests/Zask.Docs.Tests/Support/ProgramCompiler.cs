using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Zask.Docs.Tests.Support;

/// <summary>
/// Compiles a code block as the Program.cs of a project made with <c>dotnet new console</c> that references Zask,
/// Zask.ZeroRpc and Zask.Data: the console template's implicit usings and nullable context, and this test's
/// assemblies (the framework and the Zask projects with their packages) as references.
/// </summary>
public static class ProgramCompiler
{
    /// <summary>The global usings of a <c>dotnet new console</c> project (ImplicitUsings enabled).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    /// <summary>The compiler's errors for <paramref name="program"/>, each as "line N: CSxxxx: message"; empty when it compiles.</summary>
    public static IReadOnlyList<string> Errors(string program)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Program",
            [
                CSharpSyntaxTree.ParseText(ImplicitUsings, options, "GlobalUsings.g.cs"),
                CSharpSyntaxTree.ParseText(program, options, "Program.cs"),
            ],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToArray();
    }
}
