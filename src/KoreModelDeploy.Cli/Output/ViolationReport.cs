namespace KoreModelDeploy.Cli.Output;

/// <summary>One broken rule, by the JSON path of the field in the deploy file (or the argument's name).</summary>
internal sealed record ViolationReport(string Path, string? AttemptedValue, string Message)
{
    public static ViolationReport From(KoreValidationError error) => new(error.Path, error.AttemptedValue, error.Message);
}
