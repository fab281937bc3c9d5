using System.Reflection;
using Xunit.Sdk;

namespace Zask.Data.Tests.Support;

/// <summary>Runs a theory with <see cref="DbKind.Sqlite"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[DbKind.Sqlite]];
}
