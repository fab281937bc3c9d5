using Microsoft.Extensions.Configuration;

namespace Zask;

/// <summary>Releases providers of a configuration root (they hold event subscriptions on the Zask config).</summary>
internal static class ConfigurationRootExtensions
{
    public static void DisposeProviders(this IConfigurationRoot root)
    {
        if (root is IDisposable disposable)
        {
            disposable.Dispose();
            return;
        }

        foreach (var provider in root.Providers.OfType<IDisposable>())
        {
            provider.Dispose();
        }
    }
}
