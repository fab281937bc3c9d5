using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Zask.ZeroRpc.Tests.Architecture;

/// <summary>
/// Every assembly built from src/ (each project folder there, found on disk) keeps to dependencies' public surface: no
/// <c>UnsafeAccessor</c>, no reflection with <c>BindingFlags.NonPublic</c> on another assembly's types, no NetMQ and no
/// embedded Mono.Posix; and Zask.Zmtp stands alone (no Zask assembly). The checks read the assemblies' metadata and IL
/// (System.Reflection.Metadata), not the sources.
/// </summary>
public class NonPublicAccessTests
{
    internal static readonly string[] SrcAssemblies = [.. Directory.GetDirectories(RepositoryRoot.Combine("src"))
        .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
        .Select(Path.GetFileName)
        .Order(StringComparer.Ordinal)!];

    public static TheoryData<string> Assemblies => new(SrcAssemblies);

    [Fact]
    public void Every_project_under_src_is_scanned()
    {
        SrcAssemblies.Should().Contain(["Zask", "Zask.Cli", "Zask.Data", "Zask.Registry.Etcd", "Zask.Testing", "Zask.ZeroRpc",
            "Zask.ZeroRpc.Hosting", "Zask.Zmtp"]);
        foreach (var assembly in SrcAssemblies)
        {
            File.Exists(AssemblyPath(assembly)).Should().BeTrue($"{assembly} is built before this test runs (see the project's references)");
        }
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_assembly_under_src_references_NetMQ_or_embeds_Mono_Posix(string assembly)
    {
        using var pe = Open(assembly);
        var reader = pe.GetMetadataReader();
        reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name))
            .Should().NotContain(r => r.StartsWith("NetMQ", StringComparison.Ordinal) || r.StartsWith("Mono.Posix", StringComparison.Ordinal));
        reader.ManifestResources.Select(h => reader.GetString(reader.GetManifestResource(h).Name))
            .Should().NotContain(r => r.Contains("Mono.Posix", StringComparison.OrdinalIgnoreCase));
        File.ReadAllText(RepositoryRoot.Combine("src", assembly, assembly + ".csproj")).Should().NotContain("Include=\"NetMQ");
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_assembly_under_src_uses_UnsafeAccessor(string assembly)
    {
        Findings(assembly).Where(f => f.StartsWith("UnsafeAccessor", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_assembly_under_src_reflects_on_non_public_members_of_other_assemblies(string assembly)
    {
        Findings(assembly).Where(f => f.StartsWith("NonPublic", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Fact]
    public void Zask_Zmtp_references_no_Zask_assembly_and_no_NetMQ()
    {
        using var pe = Open("Zask.Zmtp");
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
        references.Should().NotBeEmpty("it references the runtime at least");
        references.Should().NotContain(r => r.StartsWith("Zask", StringComparison.Ordinal) || r.StartsWith("NetMQ", StringComparison.Ordinal));
    }

    [Fact]
    public void Zask_ZeroRpc_no_longer_references_NetMQ()
    {
        using var pe = Open("Zask.ZeroRpc");
        var reader = pe.GetMetadataReader();
        reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name))
            .Should().Contain("Zask.Zmtp").And.NotContain(r => r.StartsWith("NetMQ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scan_finds_an_offending_assembly()
    {
        // This test assembly holds both offences on purpose (Offender below): the scan must report them.
        var findings = Findings(typeof(NonPublicAccessTests).Assembly.GetName().Name!);
        findings.Should().Contain(f => f.StartsWith("UnsafeAccessor", StringComparison.Ordinal));
        findings.Should().Contain(f => f.StartsWith("NonPublic", StringComparison.Ordinal));
    }

    internal static PEReader Open(string assembly) => new(File.OpenRead(AssemblyPath(assembly)));

    // Beside the tests when referenced; otherwise in the project's own output, of the configuration the tests were
    // built in (the projects this one only builds, as Zask.Cli).
    internal static string AssemblyPath(string assembly)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        if (File.Exists(beside))
        {
            return beside;
        }
        return BuildOutput.Of(Path.Combine("src", assembly), assembly + ".dll");
    }

    /// <summary>
    /// What the assembly does that reaches into non-public members: methods marked <c>[UnsafeAccessor]</c>, and
    /// calls to reflection's <c>Get*</c> lookups with <c>BindingFlags.NonPublic</c> on another assembly's type.
    /// </summary>
    private static List<string> Findings(string assembly)
    {
        using var pe = Open(assembly);
        var reader = pe.GetMetadataReader();
        var findings = new List<string>();
        foreach (var handle in reader.CustomAttributes)
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (AttributeTypeName(reader, attribute) == "System.Runtime.CompilerServices.UnsafeAccessorAttribute")
            {
                findings.Add("UnsafeAccessor in " + assembly);
            }
        }
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes();
                if (il is not null && CallsReflectionWithNonPublic(reader, il))
                {
                    findings.Add($"NonPublic reflection in {reader.GetString(type.Name)}.{reader.GetString(method.Name)}");
                }
            }
        }
        return findings;
    }

    private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => Name(reader, reader.GetTypeReference((TypeReferenceHandle)type)),
            HandleKind.TypeDefinition => reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type).Namespace) + "."
                + reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => "",
        };
    }

    private static string Name(MetadataReader reader, TypeReference type) =>
        reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);

    private const int NonPublic = 32; // BindingFlags.NonPublic

    private static bool CallsReflectionWithNonPublic(MetadataReader reader, byte[] il)
    {
        // A linear walk of the IL: remember the last int constant loaded, and flag a call to System.Type's or
        // System.Reflection's Get*/InvokeMember when that constant includes NonPublic (how C# passes BindingFlags) in
        // a method that took the token of another assembly's type (typeof(Dependency)). Reflection on types handed in
        // at run time (the app's own services and settings, which Zask describes) is what a framework does, and stays.
        int? lastConstant = null;
        var externalType = false;
        var i = 0;
        while (i < il.Length)
        {
            int op = il[i++];
            if (op == 0xFE)
            {
                op = 0xFE00 | il[i++];
            }
            switch (op)
            {
                case >= 0x15 and <= 0x1E: lastConstant = op - 0x16; break; // ldc.i4.m1 (0x15) .. ldc.i4.8 (0x1E)
                case 0x1F: lastConstant = (sbyte)il[i]; i += 1; break; // ldc.i4.s
                case 0x20: lastConstant = BitConverter.ToInt32(il, i); i += 4; break; // ldc.i4
                case 0xD0: // ldtoken
                    var loaded = MetadataTokens.EntityHandle(BitConverter.ToInt32(il, i));
                    i += 4;
                    // The last type token loaded is the one looked into: typeof(X).GetField(name, flags).
                    externalType = loaded.Kind is HandleKind.TypeReference or HandleKind.TypeSpecification;
                    break;
                case 0x28 or 0x6F: // call, callvirt
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    if (externalType && lastConstant is { } flags && (flags & NonPublic) != 0 && IsReflectionLookup(reader, token))
                    {
                        return true;
                    }
                    lastConstant = null;
                    break;
                default:
                    // The flags are the argument just before the call: anything in between means another constant.
                    lastConstant = null;
                    i += OperandSize(op, il, i);
                    break;
            }
        }
        return false;
    }

    private static bool IsReflectionLookup(MetadataReader reader, int token)
    {
        var handle = MetadataTokens.EntityHandle(token);
        if (handle.Kind != HandleKind.MemberReference)
        {
            return false;
        }
        var member = reader.GetMemberReference((MemberReferenceHandle)handle);
        var name = reader.GetString(member.Name);
        if (!name.StartsWith("Get", StringComparison.Ordinal) && name != "InvokeMember")
        {
            return false;
        }
        if (member.Parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }
        var parent = Name(reader, reader.GetTypeReference((TypeReferenceHandle)member.Parent));
        return parent is "System.Type" || parent.StartsWith("System.Reflection.", StringComparison.Ordinal);
    }

    private static int OperandSize(int op, byte[] il, int at) => op switch
    {
        0x0E or 0x0F or 0x10 or 0x11 or 0x12 or 0x13 or 0x2B or 0x2C or 0x2D or 0x2E or 0x2F or 0x30 or 0x31 or 0x32
            or 0x33 or 0x34 or 0x35 or 0x36 or 0x37 or 0xDE => 1,
        0x21 or 0x23 => 8, // ldc.i8, ldc.r8
        0x22 => 4, // ldc.r4
        0x45 => 4 + (BitConverter.ToInt32(il, at) * 4), // switch
        >= 0x27 and <= 0x29 => 4,
        >= 0x38 and <= 0x44 => 4,
        0x70 or 0x71 or 0x72 or 0x73 or 0x74 or 0x75 or 0x79 or 0x7B or 0x7C or 0x7D or 0x7E or 0x7F or 0x80 or 0x81
            or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6 or 0xD0 or 0xDD => 4,
        0xFE06 or 0xFE07 or 0xFE15 or 0xFE16 or 0xFE1C => 4,
        0xFE09 or 0xFE0A or 0xFE0B or 0xFE0C or 0xFE0D or 0xFE0E => 2,
        0xFE12 or 0xFE19 => 1,
        _ => 0,
    };
}
