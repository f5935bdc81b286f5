namespace KoreModelDeploy;

/// <summary>One rule a request, or a setting of the options, broke.</summary>
/// <param name="Path">The field, by its JSON path in the request body (for example <c>hyperParameters.topK</c>) or the
/// argument name (<c>modelId</c>); for options (<see cref="KoreModelDeployOptions.Validate"/>), the setting as
/// configuration spells it below the section (<c>Polling:Timeout</c>).</param>
/// <param name="AttemptedValue">The value given, as text; <see langword="null"/> when none was given.</param>
/// <param name="Message">What is allowed, for example <c>must be between 1 and 100 (inclusive)</c>.</param>
public sealed record KoreValidationError(string Path, string? AttemptedValue, string Message)
{
    /// <summary>Returns <c>path = value: message</c>.</summary>
    public override string ToString() =>
        AttemptedValue is null ? $"{Path}: {Message}" : $"{Path} = {AttemptedValue}: {Message}";
}
