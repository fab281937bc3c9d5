using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;

namespace Zask.ZeroRpc.Serialization;

/// <summary>
/// Writes an object's public properties as a map with snake_case keys; reads a map into the object through its
/// widest matching constructor and its settable properties. Keys match members ignoring case and underscores,
/// so <c>user_name</c>, <c>userName</c> and <c>UserName</c> all bind to <c>UserName</c>. Unknown keys are skipped.
/// </summary>
internal sealed class SnakeCaseObjectFormatter<T> : IMessagePackFormatter<T>
{
    private readonly Member[] _members;
    private readonly Dictionary<string, int> _byNormalizedName;
    private readonly ConstructorInfo? _constructor;
    private readonly int[] _constructorSlots;
    private readonly ParameterInfo[] _constructorParameters;

    public SnakeCaseObjectFormatter()
    {
        _members = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && p.GetCustomAttribute<IgnoreMemberAttribute>() is null
                && p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null)
            .Select(p => new Member(p))
            .ToArray();
        _byNormalizedName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _members.Length; i++)
        {
            _byNormalizedName.TryAdd(Normalize(_members[i].WireName), i);
            _byNormalizedName.TryAdd(Normalize(_members[i].Property.Name), i);
        }
        (_constructor, _constructorParameters, _constructorSlots) = ChooseConstructor();
    }

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        writer.WriteMapHeader(_members.Length);
        foreach (var member in _members)
        {
            writer.Write(member.WireName);
            MessagePackSerializer.Serialize(member.Property.PropertyType, ref writer, member.Get(value), options);
        }
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return default!;
        }
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw new MessagePackSerializationException($"expected a map for {typeof(T).Name}, got {reader.NextMessagePackType}");
        }
        var count = reader.ReadMapHeader();
        var values = new object?[_members.Length];
        var present = new bool[_members.Length];
        options.Security.DepthStep(ref reader);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var key = reader.NextMessagePackType is MessagePackType.String or MessagePackType.Binary
                    ? MessagePackSerializer.Deserialize<string>(ref reader, options)
                    : null;
                if (key is null || !_byNormalizedName.TryGetValue(Normalize(key), out var index))
                {
                    if (key is null) reader.Skip();
                    reader.Skip();
                    continue;
                }
                var member = _members[index];
                try
                {
                    values[index] = MessagePackSerializer.Deserialize(member.Property.PropertyType, ref reader, options);
                }
                catch (MessagePackSerializationException ex)
                {
                    throw new MessagePackSerializationException($"field '{member.WireName}' of {typeof(T).Name}: {ex.InnerException?.Message ?? ex.Message}", ex);
                }
                present[index] = true;
            }
        }
        finally
        {
            reader.Depth--;
        }
        return Create(values, present);
    }

    private T Create(object?[] values, bool[] present)
    {
        object instance;
        var usedByConstructor = new bool[_members.Length];
        if (_constructor is null)
        {
            instance = Activator.CreateInstance(typeof(T))
                ?? throw new MessagePackSerializationException($"cannot create {typeof(T).Name}");
        }
        else
        {
            var args = new object?[_constructorParameters.Length];
            for (var i = 0; i < args.Length; i++)
            {
                var slot = _constructorSlots[i];
                if (present[slot])
                {
                    args[i] = values[slot];
                    usedByConstructor[slot] = true;
                }
                else
                {
                    var parameter = _constructorParameters[i];
                    args[i] = parameter.HasDefaultValue ? parameter.DefaultValue
                        : parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null;
                }
            }
            instance = _constructor.Invoke(args);
        }
        for (var i = 0; i < _members.Length; i++)
        {
            if (present[i] && !usedByConstructor[i] && _members[i].Property.SetMethod is { IsPublic: true })
            {
                _members[i].Property.SetValue(instance, values[i]);
            }
        }
        return (T)instance;
    }

    private (ConstructorInfo?, ParameterInfo[], int[]) ChooseConstructor()
    {
        // Records and anonymous types only have a constructor that takes every member; plain classes have
        // a parameterless one. Take the widest public constructor whose parameters all name a member.
        foreach (var ctor in typeof(T).GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            var parameters = ctor.GetParameters();
            if (parameters.Length == 0)
            {
                return (null, [], []);
            }
            var slots = new int[parameters.Length];
            var matches = true;
            for (var i = 0; i < parameters.Length && matches; i++)
            {
                matches = _byNormalizedName.TryGetValue(Normalize(parameters[i].Name ?? ""), out slots[i])
                    && _members[slots[i]].Property.PropertyType == parameters[i].ParameterType;
            }
            if (matches)
            {
                return (ctor, parameters, slots);
            }
        }
        if (typeof(T).IsValueType)
        {
            return (null, [], []);
        }
        throw new MessagePackSerializationException($"{typeof(T).Name} has no parameterless constructor and no constructor whose parameters all match its properties");
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private sealed class Member
    {
        private readonly Func<object, object?> _getter;

        public Member(PropertyInfo property)
        {
            Property = property;
            WireName = property.GetCustomAttribute<KeyAttribute>()?.StringKey
                ?? property.GetCustomAttribute<DataMemberAttribute>()?.Name
                ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            var target = Expression.Parameter(typeof(object), "target");
            var body = Expression.Convert(Expression.Property(Expression.Convert(target, property.DeclaringType!), property), typeof(object));
            _getter = Expression.Lambda<Func<object, object?>>(body, target).Compile();
        }

        public PropertyInfo Property { get; }

        public string WireName { get; }

        public object? Get(object target) => _getter(target);
    }
}
