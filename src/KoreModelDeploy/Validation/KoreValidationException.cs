namespace KoreModelDeploy;

/// <summary>
/// A request was refused before anything was sent, because it breaks the vendor's documented rules.
/// Every broken rule is listed at once in <see cref="Errors"/>.
/// </summary>
public sealed class KoreValidationException : ArgumentException
{
    /// <summary>Creates the exception from the broken rules.</summary>
    /// <param name="errors">The broken rules; at least one.</param>
    public KoreValidationException(IReadOnlyList<KoreValidationError> errors)
        : base(BuildMessage(errors), errors is { Count: > 0 } ? errors[0].Path : null)
    {
        Errors = errors;
    }

    /// <summary>Every rule the request broke, in the order of the request's fields.</summary>
    public IReadOnlyList<KoreValidationError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<KoreValidationError> errors)
    {
        if (errors is null || errors.Count == 0)
        {
            throw new ArgumentException("At least one validation error is required.", nameof(errors));
        }

        var lines = new string[errors.Count];
        for (var i = 0; i < errors.Count; i++)
        {
            lines[i] = "  " + errors[i];
        }

        var noun = errors.Count == 1 ? "rule" : "rules";
        return $"The request breaks {errors.Count} {noun} and was not sent:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
