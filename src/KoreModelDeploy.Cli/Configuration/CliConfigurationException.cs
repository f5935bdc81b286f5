namespace KoreModelDeploy.Cli.Configuration;

/// <summary>The tool cannot start its work: a missing host or key, an unreadable file (exit code 7).</summary>
internal sealed class CliConfigurationException : Exception
{
    public CliConfigurationException(string message)
        : base(message)
    {
    }

    public CliConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
