using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Checks a method's bound arguments against their DataAnnotations rules (on the parameters, and on the properties of
/// complex parameters) before the method runs. Built once per method, and only for a method that has rules, so a
/// method without any costs nothing per call.
/// </summary>
internal sealed class ArgumentValidator
{
    private static readonly ConcurrentDictionary<Type, bool> HasPropertyRules = new();

    private readonly string _method;
    private readonly Check[] _checks;

    private ArgumentValidator(string method, Check[] checks)
    {
        _method = method;
        _checks = checks;
    }

    /// <summary>The validator of <paramref name="parameters"/>, or <c>null</c> when none of them carries a rule.</summary>
    public static ArgumentValidator? For(string method, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var checks = new List<Check>();
        foreach (var parameter in parameters)
        {
            if (!parameter.IsFromCaller)
            {
                continue;
            }
            var attributes = parameter.Info.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
            var validateObject = IsComplex(parameter.Type) && TypeHasRules(parameter.Type);
            if (attributes.Length > 0 || validateObject)
            {
                checks.Add(new Check(parameter, attributes, validateObject));
            }
        }
        return checks.Count == 0 ? null : new ArgumentValidator(method, [.. checks]);
    }

    /// <summary>The rules of one parameter as introspection shows them (<c>StringLength(3, 20)</c>, <c>email: EmailAddress</c>).</summary>
    public static IReadOnlyList<string> RulesOf(ParameterDescriptor parameter)
    {
        var rules = parameter.Info.GetCustomAttributes<ValidationAttribute>(inherit: true).Select(Describe).ToList();
        if (IsComplex(parameter.Type))
        {
            foreach (var property in parameter.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                rules.AddRange(property.GetCustomAttributes<ValidationAttribute>(inherit: true)
                    .Select(a => $"{WireName(property.Name)}: {Describe(a)}"));
            }
        }
        return rules;
    }

    /// <summary>Throws <c>ValidationError</c> naming every failing field and rule, one line per field.</summary>
    public void Validate(object?[] values)
    {
        List<(string Field, string Problem)>? failures = null;
        foreach (var check in _checks)
        {
            var value = values[check.Parameter.Position];
            var name = check.Parameter.Name;
            foreach (var attribute in check.Attributes)
            {
                var context = new ValidationContext(value ?? new object()) { DisplayName = name, MemberName = name };
                if (attribute.GetValidationResult(value, context) is { } result && result != ValidationResult.Success)
                {
                    (failures ??= []).Add((name, $"{Describe(attribute)}: {result.ErrorMessage}"));
                }
            }
            if (check.ValidateObject && value is not null)
            {
                var results = new List<ValidationResult>();
                var context = new ValidationContext(value);
                if (!Validator.TryValidateObject(value, context, results, validateAllProperties: true))
                {
                    foreach (var result in results)
                    {
                        var member = result.MemberNames.FirstOrDefault();
                        var field = member is null ? name : $"{name}.{WireName(member)}";
                        var rule = member is null ? null : RuleFor(value.GetType(), member, result.ErrorMessage);
                        (failures ??= []).Add((field, rule is null ? result.ErrorMessage ?? "is not valid" : $"{rule}: {result.ErrorMessage}"));
                    }
                }
            }
        }
        if (failures is null)
        {
            return;
        }
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"{_method}() got invalid arguments:");
        foreach (var group in failures.GroupBy(f => f.Field, StringComparer.Ordinal))
        {
            message.Append('\n').Append(group.Key).Append(": ").AppendJoin("; ", group.Select(f => f.Problem));
        }
        throw new ZeroRpcException("ValidationError", message.ToString());
    }

    /// <summary>A rule in a few words: its attribute's name and its bounds.</summary>
    internal static string Describe(ValidationAttribute attribute) => attribute switch
    {
        RangeAttribute range => Invariant($"Range({range.Minimum}, {range.Maximum})"),
        StringLengthAttribute length => Invariant($"StringLength({length.MinimumLength}, {length.MaximumLength})"),
        MinLengthAttribute min => Invariant($"MinLength({min.Length})"),
        MaxLengthAttribute max => Invariant($"MaxLength({max.Length})"),
        RegularExpressionAttribute regex => $"RegularExpression({regex.Pattern})",
        _ => TrimSuffix(attribute.GetType().Name),
    };

    private static string? RuleFor(Type type, string member, string? message)
    {
        // Validator reports a property's failures by message only: find the attribute that produced it.
        var property = type.GetProperty(member, BindingFlags.Public | BindingFlags.Instance);
        var attributes = property?.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray() ?? [];
        var match = attributes.FirstOrDefault(a => a.FormatErrorMessage(member) == message) ?? (attributes.Length == 1 ? attributes[0] : null);
        return match is null ? null : Describe(match);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string TrimSuffix(string name) => name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;

    // Properties travel as snake_case map keys (see SnakeCaseObjectFormatter): errors name them the way callers send them.
    private static string WireName(string property) => JsonNamingPolicy.SnakeCaseLower.ConvertName(property);

    private static bool IsComplex(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(object) && type != typeof(byte[])
        && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static bool TypeHasRules(Type type) => HasPropertyRules.GetOrAdd(type, t =>
        typeof(IValidatableObject).IsAssignableFrom(t)
        || t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.IsDefined(typeof(ValidationAttribute), inherit: true)));

    private sealed record Check(ParameterDescriptor Parameter, ValidationAttribute[] Attributes, bool ValidateObject);
}
