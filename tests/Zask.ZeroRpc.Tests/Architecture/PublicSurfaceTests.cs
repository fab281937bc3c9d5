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
}
