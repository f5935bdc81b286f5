using System.Text.Json.Nodes;
using KoreModelDeploy.Cli.DeployFiles;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>
/// Merges each model's request for one environment (defaults, the model's request, the environment's overrides, the
/// model's own overrides there, as JSON Merge Patch) and checks every merged request with the SDK's rules. Every
/// violation of every model is collected before anything is reported, so one run names them all.
/// </summary>
internal static class ManifestResolver
{
    /// <exception cref="ManifestException">The environment is not in the manifest, or a model's merged request breaks a rule.</exception>
    public static ResolvedEnvironment Resolve(Manifest manifest, string environmentName)
    {
        if (!manifest.Environments.TryGetValue(environmentName, out var environment))
        {
            throw new ManifestException([new ManifestViolation(
                "environments",
                $"there is no environment '{environmentName}'; the manifest has {string.Join(", ", manifest.Environments.Keys.Order(StringComparer.Ordinal))}.")]);
        }

        // Each layer's members are checked where they are written, so a typo in defaults is named once, as defaults',
        // not once per model it is merged into.
        var violations = new List<ManifestViolation>();
        CheckMembers(manifest.Defaults, "defaults", violations);
        CheckMembers(environment.Overrides, $"environments.{environment.Name}.overrides", violations);
        foreach (var model in manifest.Models)
        {
            model.Environments.TryGetValue(environmentName, out var layer);
            var path = $"models[{model.Index}] ({layer?.ModelId ?? model.ModelId})";
            CheckMembers(model.Request, path, violations);
            CheckMembers(layer?.Overrides, $"{path}.environments.{environmentName}.overrides", violations);
        }

        var models = new List<ResolvedModel>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var model in manifest.Models)
        {
            model.Environments.TryGetValue(environmentName, out var own);
            var modelId = own?.ModelId ?? model.ModelId;
            var path = $"models[{model.Index}] ({modelId})";
            if (!seen.TryAdd(modelId, model.Index))
            {
                violations.Add(new ManifestViolation(path, $"modelId '{modelId}' is also models[{seen[modelId]}]'s in environment '{environmentName}'."));
                continue;
            }

            // A layer the manifest leaves out changes nothing (a null patch would replace the whole request).
            JsonNode merged = new JsonObject();
            foreach (var layer in new[] { manifest.Defaults, model.Request, environment.Overrides, own?.Overrides })
            {
                if (layer is not null)
                {
                    merged = JsonMergePatch.Merge(merged, layer)!;
                }
            }

            var request = Check(modelId, model.ModelType, (JsonObject)merged, path, violations);
            if (request is not null)
            {
                models.Add(ResolvedModel.Create(modelId, model.ModelType, request));
            }
        }

        if (violations.Count > 0)
        {
            throw new ManifestException(violations);
        }

        return new ResolvedEnvironment(environment.Name, environment.Host, models, environment.Journal);
    }

    private static DeployModelRequest? Check(string modelId, string modelType, JsonObject merged, string path, List<ManifestViolation> violations)
    {
        DeployModelRequest request;
        try
        {
            request = KoreModelDeployJson.ParseDeployModelRequest(merged.ToJsonString());
        }
        catch (KoreValidationException ex)
        {
            // Lines and columns would point into the merged request, which no file holds; the path says where.
            violations.AddRange(ex.Errors.Select(e => new ManifestViolation(Join(path, e.Path), FilePosition.Replace(e.Message, string.Empty))));
            return null;
        }

        var errors = KoreRequestValidator.Validate(request, modelId, new ModelType(modelType));
        violations.AddRange(errors.Select(e => new ManifestViolation(Join(path, e.Path), e.Message)));
        return errors.Count == 0 ? request : null;
    }

    /// <summary>Names every member of one layer (defaults, a request, overrides) that a deploy request does not have.</summary>
    private static void CheckMembers(JsonObject? layer, string path, List<ManifestViolation> violations)
    {
        if (layer is null)
        {
            return;
        }

        foreach (var (name, value) in layer)
        {
            if (name is "isDeployedPreviously" or DeployRequestFields.MisspelledPreviouslyFlag)
            {
                violations.Add(new ManifestViolation($"{path}.{name}", "apply sets this flag itself from the journal (true when it deployed the model before); remove it from the manifest."));
            }
            else if (!DeployRequestFields.All.ContainsKey(name) && !DeployRequestFields.All.Keys.Any(k => k.StartsWith(name + ".", StringComparison.Ordinal)))
            {
                // The SDK's parser would drop it without a word: a typo here is a setting nobody sees.
                violations.Add(new ManifestViolation($"{path}.{name}", "not a member of a deploy request" + Suggestion(name)));
            }
            else if (value is JsonObject nested)
            {
                foreach (var (innerName, _) in nested)
                {
                    if (!DeployRequestFields.All.ContainsKey($"{name}.{innerName}"))
                    {
                        violations.Add(new ManifestViolation($"{path}.{name}.{innerName}", "not a member of " + name + Suggestion($"{name}.{innerName}")));
                    }
                }
            }
        }
    }

    private static readonly System.Text.RegularExpressions.Regex FilePosition = new(@" \((the object at )?line \d+, column \d+\)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string Suggestion(string path) =>
        DeployRequestFields.Suggest(path) is { } known ? $"; did you mean {known}?" : ".";

    private static string Join(string path, string errorPath)
    {
        var relative = errorPath.StartsWith("$.", StringComparison.Ordinal) ? errorPath[2..] : errorPath.TrimStart('$');
        return relative.Length == 0 ? path : $"{path}.{relative}";
    }
}
