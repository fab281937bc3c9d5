using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Zask.ZeroRpc.Tests.Architecture;

/// <summary>
/// The layers call only down (see README.md beside this file): Zask.Zmtp (which stands alone:
/// <see cref="NonPublicAccessTests"/>), then Zask.ZeroRpc, then Zask.ZeroRpc.Hosting as assemblies, and inside each assembly its namespaces in the order listed here. A namespace
/// may use the ones below it, never one above it nor a sibling on its own level.
/// </summary>
public class LayerTests
{
    /// <summary>Zask.ZeroRpc's namespaces, bottom to top; namespaces on one level must not use each other.</summary>
    public static readonly string[][] ProtocolLayers =
    [
        ["Zask.ZeroRpc.Serialization", "Zask.ZeroRpc.Diagnostics"],
        ["Zask.ZeroRpc.Wire"],
        ["Zask.ZeroRpc.Channels"],
        ["Zask.ZeroRpc.Patterns"],
        ["Zask.ZeroRpc.Middleware"],
        ["Zask.ZeroRpc.Server", "Zask.ZeroRpc.Client"],
    ];

    /// <summary>Zask.ZeroRpc.Hosting's namespaces, bottom to top: the extension's parts, then the entry points.</summary>
    public static readonly string[][] HostingLayers =
    [
        ["Zask.ZeroRpc.Extension"],
        ["Zask.ZeroRpc"],
    ];

    private static readonly Assembly Protocol = typeof(ZeroRpcServer).Assembly;

    private static readonly Assembly Hosting = typeof(ZeroRpcExtension).Assembly;

    [Fact]
    public void The_protocol_library_references_neither_the_app_nor_its_configuration_logging_or_registry()
    {
        var references = Protocol.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.Should().Contain("Zask.Zmtp");
        references.Should().NotContain(["Zask", "Zask.ZeroRpc.Hosting", "Zask.Registry.Etcd", "Zask.Data"]);
        references.Should().NotContain(r => r.StartsWith("Serilog", StringComparison.Ordinal)
            || r.StartsWith("Microsoft.Extensions.Configuration", StringComparison.Ordinal)
            || r.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal));
    }

    [Fact]
    public void The_hosting_layer_sits_on_the_protocol_the_app_and_the_registry()
    {
        Hosting.GetReferencedAssemblies().Select(a => a.Name!)
            .Should().Contain(["Zask.ZeroRpc", "Zask", "Zask.Registry.Etcd"]);
    }

    [Fact]
    public void No_protocol_type_depends_on_configuration_hosting_or_Serilog()
    {
        var result = Types.InAssembly(Protocol).ShouldNot()
            .HaveDependencyOnAny("Microsoft.Extensions.Configuration", "Microsoft.Extensions.Hosting", "Serilog", "Zask.Registry")
            .GetResult();
        (result.FailingTypeNames ?? []).Should().BeEmpty();
    }

    [Fact]
    public void Every_namespace_of_the_protocol_library_is_in_a_layer()
    {
        Protocol.GetTypes().Select(t => t.Namespace).Where(n => n is not null && n.StartsWith("Zask.", StringComparison.Ordinal)).Distinct()
            .Should().BeSubsetOf(ProtocolLayers.SelectMany(l => l));
    }

    [Fact]
    public void Every_namespace_of_the_hosting_layer_is_in_a_layer()
    {
        Hosting.GetTypes().Select(t => t.Namespace).Where(n => n is not null && n.StartsWith("Zask.", StringComparison.Ordinal)).Distinct()
            .Should().BeSubsetOf(HostingLayers.SelectMany(l => l));
    }

    [Fact]
    public void The_protocol_namespaces_only_call_down()
    {
        LayerViolations(Protocol, ProtocolLayers).Should().BeEmpty();
    }

    [Fact]
    public void The_hosting_namespaces_only_call_down()
    {
        LayerViolations(Hosting, HostingLayers).Should().BeEmpty();
    }

    [Fact]
    public void The_protocol_sources_name_no_type_above_or_beside_their_layer()
    {
        SourceViolations(Protocol, ProtocolLayers, SourcesOf("src", "Zask.ZeroRpc")).Should().BeEmpty();
    }

    [Fact]
    public void The_hosting_sources_name_no_type_above_or_beside_their_layer()
    {
        SourceViolations(Hosting, HostingLayers, SourcesOf("src", "Zask.ZeroRpc.Hosting")).Should().BeEmpty();
    }

    [Fact]
    public void A_type_that_reaches_up_or_sideways_is_reported()
    {
        // LayerFixture.cs holds a lower namespace whose type uses an upper one, and two siblings, one using the other.
        const string fixture = "Zask.ZeroRpc.Tests.Architecture.Fixture";
        var violations = LayerViolations(typeof(LayerTests).Assembly,
            [[fixture + ".Low"], [fixture + ".Left", fixture + ".Right"], [fixture + ".High"]]);
        violations.Should().BeEquivalentTo(
            $"{fixture}.Low.Reacher uses {fixture}.High",
            $"{fixture}.Left.Neighbour uses {fixture}.Right");
    }

    [Fact]
    public void A_constant_read_sideways_is_reported_from_the_source()
    {
        // The compiler copies a constant's value into the code that reads it, so the compiled check above cannot see
        // Left.ConstantReader reading Right.Labels.Name; the source check can.
        const string fixture = "Zask.ZeroRpc.Tests.Architecture.Fixture";
        string[][] layers = [[fixture + ".Low"], [fixture + ".Left", fixture + ".Right"], [fixture + ".High"]];
        var source = SourcesOf("tests", "Zask.ZeroRpc.Tests", "Architecture", "LayerFixture.cs");
        LayerViolations(typeof(LayerTests).Assembly, layers).Should().NotContain(v => v.Contains("ConstantReader", StringComparison.Ordinal));
        SourceViolations(typeof(LayerTests).Assembly, layers, source).Should().BeEquivalentTo(
            $"LayerFixture.cs ({fixture}.Low) names {fixture}.High.Top",
            $"LayerFixture.cs ({fixture}.Left) names {fixture}.Right.Beside",
            $"LayerFixture.cs ({fixture}.Left) names {fixture}.Right.Labels");
    }

    private static string[] SourcesOf(params string[] parts)
    {
        var path = RepositoryRoot.Combine(parts);
        return File.Exists(path) ? [path] : Directory.GetFiles(path, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
    }

    /// <summary>
    /// "F (N) names M.T" for each source file F whose code in namespace N names a type T of a namespace M above N's
    /// layer or beside it. This catches what the compiled check cannot: constants, whose values the compiler copies
    /// into the reader. Comments are left out; a type name that two namespaces share is not looked for.
    /// </summary>
    private static List<string> SourceViolations(Assembly assembly, string[][] layers, IEnumerable<string> files)
    {
        var owners = assembly.GetTypes().Where(t => !t.IsNested && t.Namespace is not null && !t.Name.Contains('<', StringComparison.Ordinal))
            .GroupBy(t => t.Name.Split('`')[0]).Where(g => g.Select(t => t.Namespace).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Namespace!);
        var level = layers.SelectMany((l, i) => l.Select(ns => (ns, i))).ToDictionary(x => x.ns, x => x.i);
        var violations = new List<string>();
        foreach (var file in files)
        {
            var code = Regex.Replace(File.ReadAllText(file), @"//[^\n]*|/\*.*?\*/", "", RegexOptions.Singleline);
            var declarations = Regex.Matches(code, @"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline);
            for (var i = 0; i < declarations.Count; i++)
            {
                var ns = declarations[i].Groups[1].Value;
                if (!level.TryGetValue(ns, out var own))
                {
                    continue;
                }
                var end = i + 1 < declarations.Count ? declarations[i + 1].Index : code.Length;
                var body = code[declarations[i].Index..end];
                foreach (Match name in Regex.Matches(body, @"\b[A-Z]\w*\b"))
                {
                    if (owners.TryGetValue(name.Value, out var owner) && owner != ns && level.TryGetValue(owner, out var theirs) && theirs >= own)
                    {
                        violations.Add($"{Path.GetFileName(file)} ({ns}) names {owner}.{name.Value}");
                    }
                }
            }
        }
        return violations.Distinct().ToList();
    }

    /// <summary>
    /// "T uses N" for each type T of a layer that depends on a namespace N above its layer or beside it. Namespaces are
    /// matched by the types they hold (a type's full name), so that a parent namespace (the hosting layer's
    /// <c>Zask.ZeroRpc</c>) does not also stand for every namespace under it.
    /// </summary>
    private static List<string> LayerViolations(Assembly assembly, string[][] layers)
    {
        var typesIn = assembly.GetTypes().Where(t => !t.IsNested && t.Namespace is not null)
            .GroupBy(t => t.Namespace!).ToDictionary(g => g.Key, g => g.Select(t => t.FullName!).ToArray());
        var violations = new List<string>();
        for (var level = 0; level < layers.Length; level++)
        {
            foreach (var ns in layers[level])
            {
                if (!typesIn.ContainsKey(ns))
                {
                    continue;
                }
                var forbidden = layers.Skip(level).SelectMany(l => l).Where(other => other != ns).ToList();
                foreach (var other in forbidden)
                {
                    if (!typesIn.TryGetValue(other, out var otherTypes))
                    {
                        continue;
                    }
                    var result = Types.InAssembly(assembly).That().ResideInNamespaceMatching("^" + ns.Replace(".", "\\.", StringComparison.Ordinal) + "$")
                        .ShouldNot().HaveDependencyOnAny(otherTypes).GetResult();
                    violations.AddRange((result.FailingTypeNames ?? []).Select(t => $"{t} uses {other}"));
                }
            }
        }
        return violations;
    }
}
