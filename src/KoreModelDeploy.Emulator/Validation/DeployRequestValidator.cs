using System.Globalization;
using System.Text.Json;

namespace KoreModelDeploy.Emulator.Validation;

/// <summary>
/// Checks a deploy body against the vendor's parameter table. It walks the JSON document instead of
/// deserializing, so every problem is reported with its JSON path and wrong types never hide later errors.
/// Property names are case-sensitive.
/// </summary>
/// <remarks>
/// Strict (the default) refuses what the documented contract does not promise: unknown fields, <c>null</c> values,
/// integers written with a fraction or an exponent (<c>50.0</c>, <c>1e2</c>) and keys repeated in one object.
/// Lenient ignores unknown fields, takes <c>null</c> as absent and whole numbers written as <c>50.0</c> as integers.
/// </remarks>
internal sealed class DeployRequestValidator
{
    private static readonly string[] BodyFields =
        ["name", "hyperParameters", "scalingParameters", "deviceType", "optimizationInfo", "isDeployedPreviously", "isDeployedPreviouly"];

    private static readonly string[] HyperParameterFields = ["temperature", "maxTokens", "topP", "topK", "stopSequence"];

    private static readonly string[] ScalingParameterFields = ["maxBatchSize", "minReplicas", "maxReplicas", "scaleUpDelay", "scaleDownDelay"];

    private static readonly string[] OptimizationFields = ["optimizationType", "quantizationType"];

    private readonly bool _strict;
    private readonly List<string> _errors;

    private DeployRequestValidator(bool strict, List<string> errors)
    {
        _strict = strict;
        _errors = errors;
    }

    /// <summary>What a field holds: nothing, a value, or a <c>null</c> strict mode has already refused.</summary>
    private enum Presence
    {
        Absent,
        Present,
        Refused,
    }

    /// <summary>The <c>modelType</c> query parameter.</summary>
    public static void ValidateModelType(string? modelType, List<string> errors) =>
        ValidateEnum(modelType, "modelType", DeployEnums.ModelTypes, errors);

    /// <summary>Adds a message to <paramref name="errors"/> for each problem of <paramref name="body"/>.</summary>
    public static void Validate(JsonElement body, bool strict, List<string> errors) =>
        new DeployRequestValidator(strict, errors).ValidateBody(body);

    private void ValidateBody(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            _errors.Add("Request body must be a JSON object");
            return;
        }

        CheckMembers(body, parentPath: null, BodyFields);
        ValidateName(body);
        ValidateHyperParameters(body);
        ValidateScalingParameters(body);
        ValidateDeviceType(body);
        ValidateOptimizationInfo(body);

        // The table spells the flag correctly; the vendor's older samples send the typo. Both are accepted.
        ValidateOptionalBoolean(body, "isDeployedPreviously");
        ValidateOptionalBoolean(body, "isDeployedPreviouly");
    }

    /// <summary>In strict mode, refuses keys that repeat or that the table does not list.</summary>
    private void CheckMembers(JsonElement element, string? parentPath, string[] known)
    {
        if (!_strict)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var path = Join(parentPath, property.Name);
            if (!seen.Add(property.Name))
            {
                if (repeated.Add(property.Name))
                {
                    _errors.Add(path + " appears more than once");
                }
            }
            else if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                _errors.Add(path + " is not a field of the deploy request (names are case-sensitive)");
            }
        }
    }

    private void ValidateName(JsonElement body)
    {
        switch (Find(body, null, "name", out var name))
        {
            case Presence.Absent:
                _errors.Add("name is required");
                break;
            case Presence.Present when name.ValueKind != JsonValueKind.String:
                _errors.Add("name must be a string");
                break;
            case Presence.Present when string.IsNullOrWhiteSpace(name.GetString()):
                _errors.Add("name must not be blank");
                break;
        }
    }

    private void ValidateHyperParameters(JsonElement body)
    {
        if (!TryGetObject(body, "hyperParameters", required: true, HyperParameterFields, out var hyper))
        {
            return;
        }

        ValidateNumber(hyper, "hyperParameters", "temperature", 0, 2, integer: false, required: true);
        ValidateNumber(hyper, "hyperParameters", "maxTokens", 0, 512, integer: true, required: true);
        ValidateNumber(hyper, "hyperParameters", "topP", 0, 1, integer: false, required: true);
        ValidateNumber(hyper, "hyperParameters", "topK", 1, 100, integer: true, required: true);

        if (Find(hyper, "hyperParameters", "stopSequence", out var stops) != Presence.Present)
        {
            return;
        }

        if (stops.ValueKind != JsonValueKind.Array)
        {
            _errors.Add("hyperParameters.stopSequence must be an array of strings");
            return;
        }

        var index = 0;
        foreach (var stop in stops.EnumerateArray())
        {
            if (stop.ValueKind != JsonValueKind.String)
            {
                _errors.Add(string.Create(CultureInfo.InvariantCulture, $"hyperParameters.stopSequence[{index}] must be a string"));
            }

            index++;
        }
    }

    private void ValidateScalingParameters(JsonElement body)
    {
        if (!TryGetObject(body, "scalingParameters", required: false, ScalingParameterFields, out var scaling))
        {
            return;
        }

        ValidateNumber(scaling, "scalingParameters", "maxBatchSize", 1, 256, integer: true, required: false);
        var minValid = ValidateNumber(scaling, "scalingParameters", "minReplicas", 1, 10, integer: true, required: false);
        var maxValid = ValidateNumber(scaling, "scalingParameters", "maxReplicas", 1, 50, integer: true, required: false);
        ValidateNumber(scaling, "scalingParameters", "scaleUpDelay", 1, 1000, integer: true, required: false);
        ValidateNumber(scaling, "scalingParameters", "scaleDownDelay", 50, 2000, integer: true, required: false);

        if (minValid is { } min && maxValid is { } max && min > max)
        {
            _errors.Add("scalingParameters.minReplicas must not be greater than scalingParameters.maxReplicas");
        }
    }

    private void ValidateDeviceType(JsonElement body)
    {
        switch (Find(body, null, "deviceType", out var device))
        {
            case Presence.Absent:
                _errors.Add("deviceType is required");
                break;
            case Presence.Present:
                ValidateEnum(device, "deviceType", DeployEnums.DeviceTypes, _errors);
                break;
        }
    }

    private void ValidateOptimizationInfo(JsonElement body)
    {
        if (!TryGetObject(body, "optimizationInfo", required: false, OptimizationFields, out var optimization))
        {
            return;
        }

        if (Find(optimization, "optimizationInfo", "optimizationType", out var optimizationType) == Presence.Present)
        {
            ValidateEnum(optimizationType, "optimizationInfo.optimizationType", DeployEnums.OptimizationTypes, _errors);
        }

        if (Find(optimization, "optimizationInfo", "quantizationType", out var quantizationType) == Presence.Present)
        {
            ValidateEnum(quantizationType, "optimizationInfo.quantizationType", DeployEnums.QuantizationTypes, _errors);
        }
    }

    private void ValidateOptionalBoolean(JsonElement body, string name)
    {
        if (Find(body, null, name, out var flag) == Presence.Present && flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            _errors.Add(name + " must be a boolean");
        }
    }

    /// <summary>Checks one number and returns its value when it is present and valid.</summary>
    private double? ValidateNumber(JsonElement parent, string parentPath, string name, double min, double max, bool integer, bool required)
    {
        var path = parentPath + "." + name;
        var presence = Find(parent, parentPath, name, out var element);
        if (presence != Presence.Present)
        {
            if (presence == Presence.Absent && required)
            {
                _errors.Add(path + " is required");
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || (integer && Math.Floor(value) != value))
        {
            _errors.Add(path + (integer ? " must be an integer" : " must be a number"));
            return null;
        }

        // Lenient takes 50.0 as the integer 50, as a JavaScript backend would; the contract only promises integers.
        if (integer && _strict && element.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
        {
            _errors.Add(path + " must be an integer written without a fraction or exponent, got " + element.GetRawText());
            return null;
        }

        if (value < min || value > max)
        {
            _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path} must be between {min} and {max}"));
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

    private bool TryGetObject(JsonElement parent, string name, bool required, string[] knownFields, out JsonElement value)
    {
        var presence = Find(parent, null, name, out value);
        if (presence != Presence.Present)
        {
            if (presence == Presence.Absent && required)
            {
                _errors.Add(name + " is required");
            }

            return false;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            _errors.Add(name + " must be an object");
            return false;
        }

        CheckMembers(value, name, knownFields);
        return true;
    }

    /// <summary>Looks a field up; a <c>null</c> is absent when lenient, and refused (with its message) when strict.</summary>
    private Presence Find(JsonElement parent, string? parentPath, string name, out JsonElement value)
    {
        if (!parent.TryGetProperty(name, out value))
        {
            return Presence.Absent;
        }

        if (value.ValueKind != JsonValueKind.Null)
        {
            return Presence.Present;
        }

        if (!_strict)
        {
            return Presence.Absent;
        }

        _errors.Add(Join(parentPath, name) + " must not be null (leave an optional field out instead)");
        return Presence.Refused;
    }

    private static string Join(string? parentPath, string name) => parentPath is null ? name : parentPath + "." + name;
}
