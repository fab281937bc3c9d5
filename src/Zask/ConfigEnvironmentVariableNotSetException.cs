namespace Zask;

/// <summary>
/// <see cref="Config.FromEnvVar(string, bool)"/> was asked for a variable that is not set (or empty) and not optional.
/// </summary>
public sealed class ConfigEnvironmentVariableNotSetException : ConfigException
{
    /// <summary>Creates the exception for the given variable name.</summary>
    /// <param name="variableName">The name of the environment variable.</param>
    public ConfigEnvironmentVariableNotSetException(string variableName)
        : base($"The environment variable '{variableName}' is not set and as such configuration could not be loaded. " +
               $"Set this variable and make it point to a configuration file.")
    {
        VariableName = variableName;
    }

    /// <summary>The name of the unset environment variable.</summary>
    public string VariableName { get; }
}
