using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Zask.ZeroRpc.Analyzers;

/// <summary>
/// ZASK0001: a <c>CancellationToken</c> or <c>CallOptions</c> among the <c>params object?[]</c> arguments of a
/// Zask.ZeroRpc call, stream, push or publish. Such an argument would be sent to the remote method (and cannot be
/// serialized); the library refuses it at run time, this makes the mistake a compile error.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OptionsAsCallArgumentAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic's id.</summary>
    public const string DiagnosticId = "ZASK0001";

    private static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "A CancellationToken or CallOptions is passed as a call argument",
        messageFormat: "A {0} passed as a call argument of '{1}' is sent to the remote method; {2}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The params arguments of ZeroRpcClient.CallAsync/StreamAsync, ZeroRpcPusher.Push and ZeroRpcPublisher.Publish " +
            "all go to the remote method. A timeout or cancellation goes in the options parameter of CallWithOptionsAsync or StreamWithOptionsAsync.");

    // The types whose params methods send every argument to the server, by metadata name: the analyzer does not
    // reference Zask.ZeroRpc, and a compilation without it has nothing to check.
    private static readonly string[] SenderTypes =
    [
        "Zask.ZeroRpc.Client.ZeroRpcClient",
        "Zask.ZeroRpc.Client.ZeroRpcPusher",
        "Zask.ZeroRpc.Client.ZeroRpcPublisher",
    ];

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var token = start.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            var options = start.Compilation.GetTypeByMetadataName("Zask.ZeroRpc.Client.CallOptions");
            var senders = SenderTypes.Select(start.Compilation.GetTypeByMetadataName).Where(t => t is not null).ToImmutableHashSet(SymbolEqualityComparer.Default);
            if (senders.IsEmpty || (token is null && options is null))
            {
                return;
            }
            start.RegisterOperationAction(
                operation => Analyze(operation, senders, token, options),
                OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, ImmutableHashSet<ISymbol?> senders, INamedTypeSymbol? token, INamedTypeSymbol? options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!senders.Contains(method.ContainingType.OriginalDefinition) || method.Parameters.IsEmpty || !method.Parameters[method.Parameters.Length - 1].IsParams)
        {
            return;
        }
        foreach (var argument in invocation.Arguments)
        {
            // Expanded form (f(a, b)) and an array written out in normal form (f(new object[] { a, b })) alike.
            if (argument.Parameter is not { IsParams: true } || argument.Value is not IArrayCreationOperation { Initializer: { } initializer })
            {
                continue;
            }
            foreach (var element in initializer.ElementValues)
            {
                var value = element is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : element;
                var type = Unwrapped(value.Type);
                if (type is not null && (SymbolEqualityComparer.Default.Equals(type, token) || SymbolEqualityComparer.Default.Equals(type, options)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, value.Syntax.GetLocation(), type.Name, method.Name, Fix(method.Name)));
                }
            }
        }
    }

    // A Nullable<CancellationToken> boxes to a CancellationToken.
    private static ITypeSymbol? Unwrapped(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static string Fix(string method) => method switch
    {
        "CallAsync" => "use CallWithOptionsAsync(method, new CallOptions(...), args)",
        "StreamAsync" => "use StreamWithOptionsAsync(method, new CallOptions(...), args)",
        "CallWithOptionsAsync" or "StreamWithOptionsAsync" => $"pass it in the options parameter of {method}",
        _ => "a one-way send takes no timeout or cancellation",
    };
}
