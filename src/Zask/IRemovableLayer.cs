namespace Zask;

/// <summary>
/// One of the layers <see cref="Config"/> loads itself (defaults, objects, mappings, files, assignments), whose
/// values <see cref="Config.Remove"/> and <see cref="Config.Clear"/> take out; the next reload applies it.
/// </summary>
internal interface IRemovableLayer
{
    /// <summary>Takes a top-level key out; <c>true</c> when the layer had it.</summary>
    bool Remove(string key);

    /// <summary>Takes every key out.</summary>
    void Clear();
}
