using KoreModelDeploy.Errors;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Validation;

/// <summary>
/// The vendor's documented rules for a deploy request (its parameter tables), plus the ones the tables imply:
/// finite numbers, <c>minReplicas ≤ maxReplicas</c>, no null stop sequences.
/// </summary>
internal static class DeployModelRequestValidator
{
    public static void Validate(DeployModelRequest? request, bool allowUndocumentedValues, ValidationErrorCollector errors)
    {
        if (request is null)
        {
            errors.Add("request", null, "is required");
            return;
        }

        if (request.Name is null)
        {
            errors.Add("name", null, "is required");
        }
        else if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", Quote(request.Name), "must not be blank");
        }

        ValidateHyperParameters(request.HyperParameters, errors);
        ValidateScalingParameters(request.ScalingParameters, errors);

        var device = request.DeviceType;
        if (device.IsDefault || device.ToString().Length == 0)
        {
            errors.Add("deviceType", null, "is required");
        }
        else if (!device.IsDocumented && !allowUndocumentedValues)
        {
            errors.Add("deviceType", Quote(device.ToString()), OneOf(DeviceType.DocumentedValues));
        }

        if (request.OptimizationInfo is { } optimization)
        {
            if (optimization.OptimizationType is { IsDefault: false, IsDocumented: false } o && !allowUndocumentedValues)
            {
                errors.Add("optimizationInfo.optimizationType", Quote(o.ToString()), OneOf(OptimizationType.DocumentedValues));
            }

            if (optimization.QuantizationType is { IsDefault: false, IsDocumented: false } q && !allowUndocumentedValues)
            {
                errors.Add("optimizationInfo.quantizationType", Quote(q.ToString()), OneOf(QuantizationType.DocumentedValues));
            }
        }
    }

    private static void ValidateHyperParameters(HyperParameters? hyper, ValidationErrorCollector errors)
    {
        if (hyper is null)
        {
            errors.Add("hyperParameters", null, "is required");
            return;
        }

        errors.Range("hyperParameters.temperature", hyper.Temperature, 0, 2);
        errors.Range("hyperParameters.maxTokens", hyper.MaxTokens, 0, 512);
        errors.Range("hyperParameters.topP", hyper.TopP, 0, 1);
        errors.Range("hyperParameters.topK", hyper.TopK, 1, 100);

        if (hyper.StopSequence is { } stops)
        {
            for (var i = 0; i < stops.Count; i++)
            {
                if (stops[i] is null)
                {
                    errors.Add($"hyperParameters.stopSequence[{i}]", null, "must not be null");
                }
            }
        }
    }

    private static void ValidateScalingParameters(ScalingParameters? scaling, ValidationErrorCollector errors)
    {
        if (scaling is null)
        {
            return;
        }

        errors.Range("scalingParameters.maxBatchSize", scaling.MaxBatchSize, 1, 256);
        errors.Range("scalingParameters.minReplicas", scaling.MinReplicas, 1, 10);
        errors.Range("scalingParameters.maxReplicas", scaling.MaxReplicas, 1, 50);
        errors.Range("scalingParameters.scaleUpDelay", scaling.ScaleUpDelay, 1, 1000);
        errors.Range("scalingParameters.scaleDownDelay", scaling.ScaleDownDelay, 50, 2000);

        if (scaling is { MinReplicas: { } min, MaxReplicas: { } max } && min > max)
        {
            errors.Add(
                "scalingParameters.minReplicas",
                FormattableString.Invariant($"{min}"),
                FormattableString.Invariant($"must not be greater than scalingParameters.maxReplicas ({max})"));
        }
    }

    /// <summary>The <c>modelType</c> query parameter, checked with the body so every problem is reported at once.</summary>
    public static void ValidateModelType(ModelType modelType, bool allowUndocumentedValues, ValidationErrorCollector errors)
    {
        if (modelType.IsDefault || (!modelType.IsDocumented && !allowUndocumentedValues))
        {
            errors.Add("modelType", modelType.IsDefault ? null : Quote(modelType.ToString()), "must be " + string.Join(" or ", Quoted(ModelType.DocumentedValues)));
        }
    }

    private static string OneOf(IReadOnlyList<string> values) => "must be one of " + string.Join(", ", Quoted(values));

    private static string[] Quoted(IReadOnlyList<string> values)
    {
        var quoted = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            quoted[i] = Quote(values[i]);
        }

        return quoted;
    }

    /// <summary>The most characters of a value a validation error repeats; ids have their own, shorter bound.</summary>
    internal const int MaxQuotedLength = 100;

    /// <summary>The value in quotes, cut to <see cref="MaxQuotedLength"/> characters with its full length said, so a huge value cannot make a huge message.</summary>
    internal static string Quote(string value) => value.Length <= MaxQuotedLength
        ? "\"" + value + "\""
        : "\"" + TextCutter.Cut(value, MaxQuotedLength) + "\" (" + value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters)";
}
