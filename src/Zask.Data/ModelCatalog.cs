using System.Collections.Concurrent;
using System.Reflection;

namespace Zask.Data;

/// <summary>
/// The model classes a <see cref="ZaskDb"/> maps: discovered once in the model assemblies, registered by hand, or
/// met through a session; and, per bind, the EF Core model of the classes that live in it.
/// </summary>
/// <param name="assemblies">The assemblies to discover models in, asked at the first discovery (the options' list may still change until then).</param>
internal sealed class ModelCatalog(Func<IEnumerable<Assembly>> assemblies)
{
    private readonly Lock _gate = new();
    private readonly HashSet<Type> _models = [];
    private readonly ConcurrentDictionary<string, BindModel> _bindModels = new(StringComparer.Ordinal);
    private bool _discovered;

    /// <summary>Every model class mapped so far, discovery included.</summary>
    public IReadOnlyCollection<Type> All
    {
        get
        {
            EnsureDiscovered();
            lock (_gate)
            {
                return _models.ToArray();
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> is a class that can be mapped: concrete and deriving from <see cref="Model"/>.</summary>
    public static bool IsModel(Type type) =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && type.IsSubclassOf(typeof(Model));

    /// <summary>Maps a model class.</summary>
    /// <exception cref="ArgumentException">The type is not a model class.</exception>
    public void Register(Type modelType)
    {
        ThrowIfNotModel(modelType);
        Add(modelType);
    }

    /// <summary>The bind of a model class, mapping it from now on if it was not yet.</summary>
    /// <exception cref="ArgumentException">The type is not a model class.</exception>
    public string? BindOf(Type modelType)
    {
        ThrowIfNotModel(modelType);
        EnsureDiscovered();
        // Used through a session without being discovered or registered: map it from now on.
        Add(modelType);
        return TableNames.BindKey(modelType);
    }

    /// <summary>The EF Core model of the classes that live in <paramref name="bind"/>.</summary>
    public BindModel ModelFor(string? bind)
    {
        EnsureDiscovered();
        return _bindModels.GetOrAdd(bind ?? "", _ =>
        {
            lock (_gate)
            {
                return new BindModel(bind, _models.Where(t => TableNames.BindKey(t) == bind).OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray());
            }
        });
    }

    private void Add(Type modelType)
    {
        lock (_gate)
        {
            if (_models.Add(modelType))
            {
                _bindModels.Clear();
            }
        }
    }

    private static void ThrowIfNotModel(Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        if (!IsModel(modelType))
        {
            throw new ArgumentException($"{modelType} is not a concrete class deriving from {nameof(Model)}.", nameof(modelType));
        }
    }

    private void EnsureDiscovered()
    {
        if (Volatile.Read(ref _discovered))
        {
            return;
        }
        var found = new List<Type>();
        foreach (var assembly in assemblies())
        {
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException ex)
            {
                types = ex.Types.OfType<Type>().ToArray();
            }
            found.AddRange(types.Where(IsModel));
        }
        lock (_gate)
        {
            if (_discovered)
            {
                return;
            }
            foreach (var type in found)
            {
                _models.Add(type);
            }
            _bindModels.Clear();
            Volatile.Write(ref _discovered, true);
        }
    }
}
