using System.Reflection;
using System.Reflection.Metadata;
using System.Xml.Linq;
using Zask.Testing;

namespace Zask.ZeroRpc.Tests.Architecture;

/// <summary>
/// The public surface stays what users need: the wire layer is internal but for the two option types users pass,
/// and every packed library tracks its API with the analyzers (docs/design/public-api.md).
/// </summary>
public class PublicSurfaceTests
{
    // Every project under src/ but the zask tool, whose API nobody links against.
    private static readonly string[] TrackedLibraries = [.. NonPublicAccessTests.SrcAssemblies.Where(a => a != "Zask.Cli")];

    [Fact]
    public void The_wire_layer_shows_users_only_the_options_they_pass()
    {
        typeof(ServerCallContext).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(DecodeLimits).Namespace)
            .Select(t => t.Name)
            .Should().BeEquivalentTo([nameof(DecodeLimits), nameof(TransportSecurity)],
                "events, headers, message ids and the codec are the protocol's business, not the user's");
    }

    [Fact]
    public void Call_contexts_expose_no_wire_type()
    {
        var members = typeof(ServerCallContext).GetProperties().Select(p => (p.Name, p.PropertyType))
            .Concat(typeof(ClientCallContext).GetProperties().Select(p => (p.Name, p.PropertyType)));

        members.Where(m => m.PropertyType.Namespace == typeof(DecodeLimits).Namespace)
            .Should().BeEmpty("hooks read headers and results, not decoded events");
    }

    [Fact]
    public void Every_packed_library_tracks_its_public_api_with_the_analyzers()
    {
        TrackedLibraries.Should().Contain(["Zask", "Zask.Zmtp", "Zask.ZeroRpc", "Zask.ZeroRpc.Hosting", "Zask.Registry.Etcd", "Zask.Data", "Zask.Testing"]);
        foreach (var library in TrackedLibraries)
        {
            var folder = RepositoryRoot.Combine("src", library);
            File.Exists(Path.Combine(folder, "PublicAPI.Shipped.txt")).Should().BeTrue($"{library} lists its shipped API");
            File.Exists(Path.Combine(folder, "PublicAPI.Unshipped.txt")).Should().BeTrue($"{library} lists its API changes");
        }
        var props = XDocument.Load(RepositoryRoot.Combine("Directory.Build.props"));
        props.Descendants("PackageReference").Select(p => (string?)p.Attribute("Include"))
            .Should().Contain("Microsoft.CodeAnalysis.PublicApiAnalyzers");
        var errors = string.Join(";", props.Descendants("WarningsAsErrors").Select(e => e.Value));
        errors.Should().Contain("RS0016").And.Contain("RS0017", "an undeclared or vanished public symbol stops the build");
    }

    [Theory]
    [MemberData(nameof(NonPublicAccessTests.Assemblies), MemberType = typeof(NonPublicAccessTests))]
    public void Every_public_exception_type_is_named_Exception(string assembly)
    {
        // What a peer sees keeps its Python name (IntegrityException travels as IntegrityError: SessionTests).
        ExceptionsNotNamedSo(assembly).Should().BeEmpty();
    }

    [Fact]
    public void An_exception_type_named_otherwise_is_reported()
    {
        ExceptionsNotNamedSo("Zask.ZeroRpc.Tests").Should().Contain(typeof(Fixture.WireError).FullName!);
    }

    /// <summary>
    /// The public types of the assembly that derive from a type named <c>*Exception</c> (directly, or through others
    /// of the same assembly) without being named <c>*Exception</c> themselves. Read from metadata, so that the
    /// assemblies this project only builds are checked too.
    /// </summary>
    private static List<string> ExceptionsNotNamedSo(string assembly)
    {
        using var pe = NonPublicAccessTests.Open(assembly);
        var reader = pe.GetMetadataReader();
        var offenders = new List<string>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var visibility = type.Attributes & TypeAttributes.VisibilityMask;
            var name = reader.GetString(type.Name);
            if ((visibility == TypeAttributes.Public || visibility == TypeAttributes.NestedPublic)
                && IsException(reader, type) && !name.EndsWith("Exception", StringComparison.Ordinal))
            {
                offenders.Add($"{reader.GetString(type.Namespace)}.{name}");
            }
        }
        return offenders;
    }

    private static bool IsException(MetadataReader reader, TypeDefinition type) => !type.BaseType.IsNil && type.BaseType.Kind switch
    {
        HandleKind.TypeReference => reader.GetString(reader.GetTypeReference((TypeReferenceHandle)type.BaseType).Name).EndsWith("Exception", StringComparison.Ordinal),
        HandleKind.TypeDefinition => reader.GetTypeDefinition((TypeDefinitionHandle)type.BaseType) is var parent
            && (reader.GetString(parent.Name).EndsWith("Exception", StringComparison.Ordinal) || IsException(reader, parent)),
        _ => false,
    };
}
