using System.Globalization;
using System.Text.Json;

namespace KoreModelDeploy.Emulator.Validation;

/// <summary>
/// Checks a deploy body against the vendor's parameter table. It walks the JSON document instead of
/// deserializing, so every problem is reported with its JSON path and wrong types never hide later errors.
/// Property names are case-sensitive and unknown properties are ignored; a JSON null counts as absent.
/// </summary>
internal static class DeployRequestValidator
{
    /// <summary>The <c>modelType</c> query parameter.</summary>
    public static void ValidateModelType(string? modelType, List<string> errors) =>
        ValidateEnum(modelType, "modelType", DeployEnums.ModelTypes, errors);

    public static void Validate(JsonElement body, List<string> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("Request body must be a JSON object");
            return;
        }

        ValidateName(body, errors);
        ValidateHyperParameters(body, errors);
        ValidateScalingParameters(body, errors);
        ValidateDeviceType(body, errors);
        ValidateOptimizationInfo(body, errors);

        // The table spells the flag correctly; the vendor's older samples send the typo. Both are accepted.
        ValidateOptionalBoolean(body, "isDeployedPreviously", errors);
        ValidateOptionalBoolean(body, "isDeployedPreviouly", errors);
    }

    private static void ValidateName(JsonElement body, List<string> errors)
    {
        if (!TryGetPresent(body, "name", out var name))
        {
            errors.Add("name is required");
        }
        else if (name.ValueKind != JsonValueKind.String)
        {
            errors.Add("name must be a string");
        }
        else if (string.IsNullOrWhiteSpace(name.GetString()))
        {
            errors.Add("name must not be blank");
        }
    }

    private static void ValidateHyperParameters(JsonElement body, List<string> errors)
    {
        if (!TryGetObject(body, "hyperParameters", required: true, errors, out var hyper))
        {
            return;
        }

        ValidateNumber(hyper, "hyperParameters", "temperature", 0, 2, integer: false, required: true, errors);
        ValidateNumber(hyper, "hyperParameters", "maxTokens", 0, 512, integer: true, required: true, errors);
        ValidateNumber(hyper, "hyperParameters", "topP", 0, 1, integer: false, required: true, errors);
        ValidateNumber(hyper, "hyperParameters", "topK", 1, 100, integer: true, required: true, errors);

        if (!TryGetPresent(hyper, "stopSequence", out var stops))
        {
            return;
        }

        if (stops.ValueKind != JsonValueKind.Array)
        {
            errors.Add("hyperParameters.stopSequence must be an array of strings");
            return;
        }

        var index = 0;
        foreach (var stop in stops.EnumerateArray())
        {
            if (stop.ValueKind != JsonValueKind.String)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"hyperParameters.stopSequence[{index}] must be a string"));
            }

            index++;
        }
    }

    private static void ValidateScalingParameters(JsonElement body, List<string> errors)
    {
        if (!TryGetObject(body, "scalingParameters", required: false, errors, out var scaling))
        {
            return;
        }

        ValidateNumber(scaling, "scalingParameters", "maxBatchSize", 1, 256, integer: true, required: false, errors);
        var minValid = ValidateNumber(scaling, "scalingParameters", "minReplicas", 1, 10, integer: true, required: false, errors);
        var maxValid = ValidateNumber(scaling, "scalingParameters", "maxReplicas", 1, 50, integer: true, required: false, errors);
        ValidateNumber(scaling, "scalingParameters", "scaleUpDelay", 1, 1000, integer: true, required: false, errors);
        ValidateNumber(scaling, "scalingParameters", "scaleDownDelay", 50, 2000, integer: true, required: false, errors);

        if (minValid is { } min && maxValid is { } max && min > max)
        {
            errors.Add("scalingParameters.minReplicas must not be greater than scalingParameters.maxReplicas");
        }
    }

    private static void ValidateDeviceType(JsonElement body, List<string> errors)
    {
        if (!TryGetPresent(body, "deviceType", out var device))
        {
            errors.Add("deviceType is required");
            return;
        }

        ValidateEnum(device, "deviceType", DeployEnums.DeviceTypes, errors);
    }

    private static void ValidateOptimizationInfo(JsonElement body, List<string> errors)
    {
        if (!TryGetObject(body, "optimizationInfo", required: false, errors, out var optimization))
        {
            return;
        }

        if (TryGetPresent(optimization, "optimizationType", out var optimizationType))
        {
            ValidateEnum(optimizationType, "optimizationInfo.optimizationType", DeployEnums.OptimizationTypes, errors);
        }

        if (TryGetPresent(optimization, "quantizationType", out var quantizationType))
        {
            ValidateEnum(quantizationType, "optimizationInfo.quantizationType", DeployEnums.QuantizationTypes, errors);
        }
    }

    private static void ValidateOptionalBoolean(JsonElement body, string name, List<string> errors)
    {
        if (TryGetPresent(body, name, out var flag) && flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(name + " must be a boolean");
        }
    }

    /// <summary>Checks one number and returns its value when it is present and valid.</summary>
    private static double? ValidateNumber(
        JsonElement parent, string parentPath, string name, double min, double max, bool integer, bool required, List<string> errors)
    {
        var path = parentPath + "." + name;
        if (!TryGetPresent(parent, name, out var element))
        {
            if (required)
            {
                errors.Add(path + " is required");
            }

            return null;
        }

        // Whole values written as 50.0 are integers to a JavaScript backend such as the vendor's, so they pass.
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || (integer && Math.Floor(value) != value))
        {
            errors.Add(path + (integer ? " must be an integer" : " must be a number"));
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path} must be between {min} and {max}"));
            return null;
        }

        return value;
    }

    private static void ValidateEnum(JsonElement element, string path, string[] allowed, List<string> errors) =>
        ValidateEnum(element.ValueKind == JsonValueKind.String ? element.GetString() : null, path, allowed, errors);

    private static void ValidateEnum(string? value, string path, string[] allowed, List<string> errors)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(path + " must be one of: " + string.Join(", ", allowed.Select(value => value.Length == 0 ? "\"\"" : value)));
        }
    }

    private static bool TryGetObject(JsonElement parent, string name, bool required, List<string> errors, out JsonElement value)
    {
        if (!TryGetPresent(parent, name, out value))
        {
            if (required)
            {
                errors.Add(name + " is required");
            }

            return false;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(name + " must be an object");
            return false;
        }

        return true;
    }

    private static bool TryGetPresent(JsonElement parent, string name, out JsonElement value) =>
        parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
