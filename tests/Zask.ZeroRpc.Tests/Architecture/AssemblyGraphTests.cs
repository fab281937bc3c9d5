using System.Reflection.Metadata;
using NetArchTest.Rules;

namespace Zask.ZeroRpc.Tests.Architecture;

/// <summary>
/// Every assembly under src/ references only assemblies on a lower level, and inside every one of them no two
/// namespaces use each other, directly or through others. <see cref="LayerTests"/> orders the protocol's and the hosting
/// layer's namespaces more strictly. The assemblies are read from disk (NetArchTest's Cecil reader), so the ones this
/// project only builds are checked too.
/// </summary>
public class AssemblyGraphTests
{
    /// <summary>The assemblies under src/, bottom to top; assemblies on one level do not reference each other.</summary>
    public static readonly string[][] AssemblyLayers =
    [
        ["Zask.Zmtp", "Zask"],
        ["Zask.ZeroRpc", "Zask.Registry.Etcd"],
        ["Zask.ZeroRpc.Hosting", "Zask.Data"],
        ["Zask.Testing", "Zask.Cli"],
    ];

    private const string Fixture = "Zask.ZeroRpc.Tests.Architecture.Fixture";

    public static TheoryData<string> Assemblies => new(NonPublicAccessTests.SrcAssemblies);

    [Fact]
    public void Every_assembly_under_src_is_on_a_level()
    {
        AssemblyLayers.SelectMany(l => l).Should().BeEquivalentTo(NonPublicAccessTests.SrcAssemblies);
    }

    [Fact]
    public void The_assemblies_under_src_reference_only_lower_levels()
    {
        UpwardReferences(AssemblyLayers).Should().BeEmpty();
    }

    [Fact]
    public void A_reference_up_or_sideways_is_reported()
    {
        // This test assembly put below what it tests reaches up; the protocol beside its transport reaches sideways.
        UpwardReferences([["Zask.ZeroRpc.Tests"], ["Zask.ZeroRpc", "Zask.Zmtp"]]).Should().Contain(
            ["Zask.ZeroRpc.Tests references Zask.ZeroRpc", "Zask.ZeroRpc references Zask.Zmtp"]);
    }

    /// <summary>
    /// The cycles still there, each between an assembly's root namespace and one folder: the root holds both the public
    /// values the folder's code takes (options, messages, config) and the entry point that starts that code. Breaking
    /// them moves public types to other namespaces, a breaking change left for a major version. Any other cycle, or a
    /// second one in these assemblies, fails the test; one that goes away must be struck from this list.
    /// </summary>
    private static readonly Dictionary<string, string[]> RootCycles = new()
    {
        // ZaskApp starts telemetry; telemetry reads Config.
        ["Zask"] = ["Zask <-> Zask.Telemetry"],
        // AddZaskDb registers the fleet lock and the job session filter; they run on ZaskDb.
        ["Zask.Data"] = ["Zask.Data <-> Zask.Data.Jobs"],
        // The public registration and resolver run on the connection; it reads the public settings and instances.
        ["Zask.Registry.Etcd"] = ["Zask.Registry.Etcd <-> Zask.Registry.Etcd.Internal"],
        // One loop: ZmtpSocket runs its socket type's behaviour (Sockets) on its connections and pipes (Internal),
        // which hand ZmtpMessages back to the ZmtpSocket that owns them.
        ["Zask.Zmtp"] = ["Zask.Zmtp <-> Zask.Zmtp.Internal", "Zask.Zmtp <-> Zask.Zmtp.Sockets", "Zask.Zmtp.Internal <-> Zask.Zmtp.Sockets"],
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_two_namespaces_of_an_assembly_use_each_other_but_the_listed_root_cycles(string assembly)
    {
        NamespaceCycles(assembly, "Zask").Should().BeEquivalentTo(RootCycles.GetValueOrDefault(assembly, []));
    }

    [Fact]
    public void A_cycle_between_namespaces_is_reported()
    {
        // LayerFixture.cs holds two namespaces that use each other, beside others that only use one way.
        NamespaceCycles("Zask.ZeroRpc.Tests", Fixture).Should().BeEquivalentTo([$"{Fixture}.Ring.First <-> {Fixture}.Ring.Second"]);
    }

    /// <summary>"A references B" for each assembly A of the layers that references an assembly B of its own level or above.</summary>
    private static List<string> UpwardReferences(string[][] layers)
    {
        var level = layers.SelectMany((l, i) => l.Select(a => (a, i))).ToDictionary(x => x.a, x => x.i);
        var violations = new List<string>();
        foreach (var (assembly, own) in level)
        {
            using var pe = NonPublicAccessTests.Open(assembly);
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.AssemblyReferences)
            {
                var name = reader.GetString(reader.GetAssemblyReference(handle).Name);
                if (name != assembly && level.TryGetValue(name, out var theirs) && theirs >= own)
                {
                    violations.Add($"{assembly} references {name}");
                }
            }
        }
        return violations;
    }

    /// <summary>
    /// "A &lt;-&gt; B" for each two namespaces (the one named <paramref name="scope"/> and those under it) of which each
    /// uses the other, directly or through other namespaces. Namespaces are matched by the full names of the types they
    /// hold, so that a parent namespace does not also stand for its children.
    /// </summary>
    private static List<string> NamespaceCycles(string assembly, string scope)
    {
        Dictionary<string, string[]> typesIn;
        using (var pe = NonPublicAccessTests.Open(assembly))
        {
            var reader = pe.GetMetadataReader();
            typesIn = reader.TypeDefinitions.Select(reader.GetTypeDefinition).Where(t => t.GetDeclaringType().IsNil)
                .Select(t => (Namespace: reader.GetString(t.Namespace), Name: reader.GetString(t.Name)))
                .Where(t => t.Namespace == scope || t.Namespace.StartsWith(scope + ".", StringComparison.Ordinal))
                .GroupBy(t => t.Namespace).ToDictionary(g => g.Key, g => g.Select(t => t.Namespace + "." + t.Name).ToArray());
        }
        var types = Types.FromFile(NonPublicAccessTests.AssemblyPath(assembly));
        var names = typesIn.Keys.Order(StringComparer.Ordinal).ToList();
        // reaches[a] holds the namespaces a uses, then (closed below) all it reaches through them.
        var reaches = names.ToDictionary(a => a, a => names.Where(b => b != a && !types.That()
            .ResideInNamespaceMatching("^" + a.Replace(".", "\\.", StringComparison.Ordinal) + "$")
            .ShouldNot().HaveDependencyOnAny(typesIn[b]).GetResult().IsSuccessful).ToHashSet());
        foreach (var via in names)
        {
            foreach (var from in names.Where(n => reaches[n].Contains(via)))
            {
                reaches[from].UnionWith(reaches[via]);
            }
        }
        return [.. names.SelectMany(a => names.Where(b => string.CompareOrdinal(a, b) < 0 && reaches[a].Contains(b) && reaches[b].Contains(a))
            .Select(b => $"{a} <-> {b}"))];
    }
}
