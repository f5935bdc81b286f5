using System.Globalization;

namespace KoreModelDeploy.Validation;

/// <summary>Collects broken rules so that a request is checked in full and every problem is reported at once.</summary>
internal sealed class ValidationErrorCollector
{
    private List<KoreValidationError>? _errors;

    public bool HasErrors => _errors is not null;

    public IReadOnlyList<KoreValidationError> Errors => _errors ?? (IReadOnlyList<KoreValidationError>)[];

    public void Add(string path, string? attemptedValue, string message)
    {
        (_errors ??= []).Add(new KoreValidationError(path, attemptedValue, message));
    }

    public void Range(string path, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(path, value.ToString(CultureInfo.InvariantCulture), FormattableString.Invariant($"must be between {min} and {max} (inclusive)"));
        }
    }

    public void Range(string path, int? value, int min, int max)
    {
        if (value is { } v)
        {
            Range(path, v, min, max);
        }
    }

    public void Range(string path, double value, double min, double max)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            Add(path, value.ToString(CultureInfo.InvariantCulture), FormattableString.Invariant($"must be a finite number between {min} and {max} (inclusive)"));
        }
        else if (value < min || value > max)
        {
            Add(path, value.ToString("R", CultureInfo.InvariantCulture), FormattableString.Invariant($"must be between {min} and {max} (inclusive)"));
        }
    }

    public void ThrowIfAny()
    {
        if (_errors is not null)
        {
            throw new KoreValidationException(_errors);
        }
    }
}
