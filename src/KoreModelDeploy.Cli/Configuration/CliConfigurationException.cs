namespace KoreModelDeploy.Cli.Configuration;

/// <summary>The tool cannot start its work: a missing host or key, an unreadable file (exit code 7).</summary>
internal sealed class CliConfigurationException : Exception
{
    public CliConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public CliConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Several problems found in one run, with the rules the request breaks besides.</summary>
    public CliConfigurationException(IReadOnlyList<string> problems, IReadOnlyList<KoreValidationError> violations)
        : base(string.Join("; ", problems))
    {
        Problems = problems;
        Violations = violations;
    }

    /// <summary>Every configuration problem, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The rules the request breaks, found in the same run.</summary>
    public IReadOnlyList<KoreValidationError> Violations { get; } = [];
}
