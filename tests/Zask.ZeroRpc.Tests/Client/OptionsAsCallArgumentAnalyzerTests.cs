using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Zask.ZeroRpc.Analyzers;

namespace Zask.ZeroRpc.Tests.Client;

/// <summary>
/// ZASK0001: snippets compiled against the real Zask.ZeroRpc assembly with the analyzer that ships in its package. A
/// token or options among a call's arguments is a compile error; the runtime refusal (<see cref="CallOptionsPlacementTests"/>)
/// stays for callers the compiler does not see.
/// </summary>
public class OptionsAsCallArgumentAnalyzerTests
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    [Theory]
    [InlineData("await client.CallAsync<string>(\"echo\", token);", "token")]
    [InlineData("await client.CallAsync<string>(\"echo\", 1, \"two\", token);", "token")]
    [InlineData("await client.CallAsync(\"echo\", options);", "options")]
    [InlineData("await client.CallAsync(\"echo\", 1, new CallOptions(TimeSpan.FromSeconds(1)));", "new CallOptions(TimeSpan.FromSeconds(1))")]
    [InlineData("await client.CallAsync<object?>(\"echo\", maybeToken);", "maybeToken")]
    [InlineData("await client.CallAsync<object?>(\"echo\", new object?[] { 1, token });", "token")]
    [InlineData("await client.CallWithOptionsAsync<int>(\"add\", options, 1, token);", "token")]
    [InlineData("await foreach (var item in client.StreamAsync<int>(\"count\", token)) { }", "token")]
    [InlineData("await foreach (var item in client.StreamWithOptionsAsync<int>(\"count\", default, 3, options)) { }", "options")]
    [InlineData("pusher.Push(\"work\", \"job\", token);", "token")]
    [InlineData("publisher.Publish(\"news\", options);", "options")]
    public void A_token_or_options_among_the_arguments_is_a_compile_error(string statement, string argument)
    {
        var diagnostic = Analyze(statement).Should().ContainSingle().Which;

        diagnostic.Id.Should().Be("ZASK0001");
        diagnostic.Severity.Should().Be(DiagnosticSeverity.Error);
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan).Should().Be(argument);
    }

    [Fact]
    public void The_message_names_the_type_the_method_and_the_fix()
    {
        Message("await client.CallAsync<string>(\"echo\", token);").Should().Be(
            "A CancellationToken passed as a call argument of 'CallAsync' is sent to the remote method; " +
            "use CallWithOptionsAsync(method, new CallOptions(...), args)");
        Message("await foreach (var item in client.StreamAsync<int>(\"count\", options)) { }").Should().Be(
            "A CallOptions passed as a call argument of 'StreamAsync' is sent to the remote method; " +
            "use StreamWithOptionsAsync(method, new CallOptions(...), args)");
        Message("await client.CallWithOptionsAsync<int>(\"add\", options, token);").Should().EndWith(
            "pass it in the options parameter of CallWithOptionsAsync");
    }

    [Fact]
    public void Every_option_argument_is_reported()
    {
        Analyze("await client.CallAsync(\"echo\", token, 1, options, token);").Should().HaveCount(3);
    }

    [Theory]
    [InlineData("await client.CallAsync<string>(\"echo\", \"ping\", 1, null, new[] { 2 });")]
    [InlineData("await client.CallAsync(\"echo\");")]
    [InlineData("await client.CallWithOptionsAsync<string>(\"echo\", new CallOptions(CancellationToken: token), \"ping\");")]
    [InlineData("await client.CallWithOptionsAsync<string>(\"echo\", options, token.IsCancellationRequested);")]
    [InlineData("await foreach (var item in client.StreamWithOptionsAsync<int>(\"count\", options, 3)) { }")]
    [InlineData("await Task.Delay(1, token); Unrelated(\"echo\", token, options);")]
    [InlineData("object?[] args = [1, 2]; await client.CallAsync(\"echo\", args);")]
    public void Ordinary_arguments_options_in_their_place_and_other_methods_are_not_reported(string statement)
    {
        Analyze(statement).Should().BeEmpty();
    }

    private static string Message(string statement) =>
        Analyze(statement).Should().ContainSingle().Which.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The analyzer's diagnostics for <paramref name="statement"/>, which must otherwise compile.</summary>
    private static ImmutableArray<Diagnostic> Analyze(string statement)
    {
        var source = $$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Zask.ZeroRpc.Client;

            public static class Snippet
            {
                public static async Task Run(ZeroRpcClient client, ZeroRpcPusher pusher, ZeroRpcPublisher publisher,
                    CancellationToken token, CancellationToken? maybeToken, CallOptions options)
                {
                    {{statement}}
                }

                private static void Unrelated(string method, params object?[] args) { }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty("the snippet compiles");
        return compilation.WithAnalyzers([new OptionsAsCallArgumentAnalyzer()])
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }
}
