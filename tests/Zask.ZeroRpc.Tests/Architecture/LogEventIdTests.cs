using System.Reflection.Metadata;
using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Tests.Architecture;

/// <summary>
/// Every source-generated log line (<c>[LoggerMessage]</c>) of every assembly built from src/ has an event id of its
/// own: one app writes all of them into one log, and operators filter and alert on the ids (the docs list some). Read
/// from the assemblies' metadata, as <see cref="NonPublicAccessTests"/> does, so projects this one only builds count too.
/// </summary>
public class LogEventIdTests
{
    [Fact]
    public void No_two_log_lines_share_an_event_id()
    {
        var lines = NonPublicAccessTests.SrcAssemblies.SelectMany(LogLines).ToList();

        lines.Should().HaveCountGreaterThan(50, "the scan finds the log lines of every src assembly");
        lines.Where(line => line.EventId <= 0).Select(line => line.Method).Should().BeEmpty("every log line names its event id");
        lines.GroupBy(line => line.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(line => line.Method))}")
            .Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(NonPublicAccessTests.Assemblies), MemberType = typeof(NonPublicAccessTests))]
    public void Log_lines_are_written_through_source_generated_methods(string assembly)
    {
        // LoggerExtensions.LogXxx parses its template and boxes its arguments on every call. Zask's LogErrorAt, a
        // helper for users' own error lines, is the one place that writes through it.
        ExtensionLogCalls(assembly).Should().BeSubsetOf(assembly == "Zask" ? ["LogError"] : []);
    }

    [Fact]
    public void A_line_written_through_the_logger_extension_methods_is_found()
    {
        ExtensionLogCalls(typeof(LogEventIdTests).Assembly.GetName().Name!).Should().Contain(nameof(LoggerExtensions.LogWarning));
    }

    // Never called: the line the scan above must find in this assembly.
    internal static void WrittenTheSlowWay(ILogger logger) => logger.LogWarning("not source-generated");

    /// <summary>The <c>LoggerExtensions.Log*</c> methods the assembly calls, read from its member references.</summary>
    private static List<string> ExtensionLogCalls(string assembly)
    {
        using var pe = NonPublicAccessTests.Open(assembly);
        var reader = pe.GetMetadataReader();
        return [.. reader.MemberReferences.Select(reader.GetMemberReference)
            .Where(m => m.Parent.Kind == HandleKind.TypeReference && reader.GetTypeReference((TypeReferenceHandle)m.Parent) is var type
                && reader.GetString(type.Name) == nameof(LoggerExtensions) && reader.GetString(type.Namespace) == typeof(LoggerExtensions).Namespace)
            .Select(m => reader.GetString(m.Name))
            .Where(name => name.StartsWith("Log", StringComparison.Ordinal))
            .Distinct()];
    }

    private static List<(string Method, int EventId)> LogLines(string assembly)
    {
        using var pe = NonPublicAccessTests.Open(assembly);
        var reader = pe.GetMetadataReader();
        var lines = new List<(string, int)>();
        foreach (var handle in reader.MethodDefinitions)
        {
            var method = reader.GetMethodDefinition(handle);
            foreach (var attributeHandle in method.GetCustomAttributes())
            {
                var attribute = reader.GetCustomAttribute(attributeHandle);
                if (AttributeTypeName(reader, attribute) != "LoggerMessageAttribute")
                {
                    continue;
                }
                var value = attribute.DecodeValue(new IntegerTypes());
                var eventId = value.NamedArguments.Where(a => a.Name == "EventId").Select(a => (int)a.Value!)
                    .Concat(value.FixedArguments.Take(1).Where(a => a.Value is int).Select(a => (int)a.Value!))
                    .DefaultIfEmpty(-1).First();
                var type = reader.GetTypeDefinition(method.GetDeclaringType());
                lines.Add(($"{assembly}: {reader.GetString(type.Name)}.{reader.GetString(method.Name)}", eventId));
            }
        }
        return lines;
    }

    private static string? AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
        {
            return null;
        }
        var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        return parent.Kind == HandleKind.TypeReference ? reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name) : null;
    }

    // The attribute's arguments are integers, a LogLevel (an int enum), strings and booleans: every type is read as
    // its name, and any enum as int.
    private sealed class IntegerTypes : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSystemType() => "Type";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => "enum";
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => "enum";
        public string GetTypeFromSerializedName(string name) => name;
        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
        public bool IsSystemType(string type) => type == "Type";
    }
}
