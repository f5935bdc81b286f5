namespace KoreModelDeploy.Cli.Manifests;

/// <summary>
/// The manifest cannot be used as written: every violation found, of every model, so one run names them all
/// (exit code 3, nothing sent).
/// </summary>
internal sealed class ManifestException : Exception
{
    public ManifestException(IReadOnlyList<ManifestViolation> violations)
        : base(Describe(violations))
    {
        Violations = violations;
    }

    public IReadOnlyList<ManifestViolation> Violations { get; }

    private static string Describe(IReadOnlyList<ManifestViolation> violations) =>
        violations.Count == 1
            ? $"The manifest breaks a rule: {violations[0]}"
            : $"The manifest breaks {violations.Count} rules: " + string.Join("; ", violations);
}
