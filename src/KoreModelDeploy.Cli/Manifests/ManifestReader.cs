using System.Text.Json;
using System.Text.Json.Nodes;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.DeployFiles;
using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>
/// Reads a manifest's text (JSON with comments and trailing commas) into a <see cref="Manifest"/>, naming every
/// structural problem at once. Requests are checked later, per environment, once merged.
/// </summary>
internal static class ManifestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A key written twice silently loses one of its values; in a deploy manifest that is a setting nobody sees.
        AllowDuplicateProperties = false,
    };

    private static readonly string[] TopLevelMembers = ["$schema", "defaults", "environments", "models"];
    private static readonly string[] EnvironmentMembers = ["host", "overrides", "journal"];
    private static readonly string[] ModelMembers = ["modelId", "modelType", "request", "environments"];
    private static readonly string[] ModelEnvironmentMembers = ["modelId", "overrides"];

    /// <summary>Reads a manifest file.</summary>
    /// <exception cref="Configuration.CliConfigurationException">The file cannot be read, is no file or pipe, or is too large.</exception>
    /// <exception cref="ManifestException">The file is not a usable manifest.</exception>
    public static async Task<Manifest> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var text = await InputFile.ReadTextAsync(path, "the manifest", MaxBytes, cancellationToken).ConfigureAwait(false);
        return Parse(text);
    }

    /// <summary>The largest manifest read (16 MiB): far beyond any real one, and <c>/dev/zero</c> is refused instead of read into memory.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>Reads a manifest's text.</summary>
    /// <exception cref="ManifestException">The text is not a usable manifest.</exception>
    public static Manifest Parse(string text)
    {
        // Before parsing: System.Text.Json accepts such a string until it is read, and then throws what is no JsonException.
        if (JsonUnicode.FindBrokenString(text) is { } brokenAt)
        {
            throw new ManifestException([new ManifestViolation("$", JsonUnicode.Describe(brokenAt) + ".")]);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            throw new ManifestException([new ManifestViolation(ex.Path ?? "$", $"not valid JSON{where}: {FirstSentence(ex.Message)}")]);
        }

        var violations = new List<ManifestViolation>();
        if (root is not JsonObject rootObject)
        {
            throw new ManifestException([new ManifestViolation("$", "a manifest is a JSON object with defaults, environments and models.")]);
        }

        CheckMembers(rootObject, "$", TopLevelMembers, violations);
        var defaults = OptionalObject(rootObject, "defaults", "defaults", violations);
        var environments = ReadEnvironments(rootObject["environments"], violations);
        var declared = rootObject["environments"] is JsonObject declaredObject ? declaredObject.Select(e => e.Key).ToHashSet(StringComparer.Ordinal) : [];
        var models = ReadModels(rootObject["models"], declared, violations);
        violations.AddRange(LookAlikeModelIds.Check(ModelIds(models)));

        if (violations.Count > 0)
        {
            throw new ManifestException(violations);
        }

        return new Manifest(defaults, environments, models);
    }

    private static Dictionary<string, ManifestEnvironment> ReadEnvironments(JsonNode? node, List<ManifestViolation> violations)
    {
        var environments = new Dictionary<string, ManifestEnvironment>(StringComparer.Ordinal);
        if (node is not JsonObject environmentsObject || environmentsObject.Count == 0)
        {
            violations.Add(new ManifestViolation("environments", "at least one environment (name → host, overrides) is required."));
            return environments;
        }

        foreach (var (name, value) in environmentsObject)
        {
            var path = $"environments.{name}";
            if (!EnvironmentName.IsValid(name))
            {
                // The name becomes part of the journal's file name.
                violations.Add(new ManifestViolation(path, $"an environment's name matches {EnvironmentName.Pattern}: letters, digits, '_', '.' and '-', starting with a letter or digit, at most 64 characters."));
                continue;
            }

            if (value is not JsonObject environment)
            {
                violations.Add(new ManifestViolation(path, "an environment is an object with host and overrides."));
                continue;
            }

            CheckMembers(environment, path, EnvironmentMembers, violations);
            var hostText = RequiredString(environment, "host", path, violations);
            var overrides = OptionalObject(environment, "overrides", $"{path}.overrides", violations);
            if (hostText is null)
            {
                continue;
            }

            if (!HostSetting.TryParse(hostText, out var host) || (host.Scheme != Uri.UriSchemeHttps && host.Scheme != Uri.UriSchemeHttp))
            {
                // Not repeated: text that is no URL may be anything pasted there, credentials or a key included.
                violations.Add(new ManifestViolation($"{path}.host", "is not an absolute http(s) URL such as https://agent-platform.kore.ai."));
                continue;
            }

            environments[name] = new ManifestEnvironment(name, host, overrides, ReadJournal(environment, path, violations));
        }

        return environments;
    }

    /// <summary>
    /// An environment's <c>"journal"</c>: a path or a <c>postgres://</c> URI. A URI with a password is a violation that
    /// never repeats the text, since a manifest is committed to a repository.
    /// </summary>
    private static string? ReadJournal(JsonObject environment, string path, List<ManifestViolation> violations)
    {
        if (!environment.ContainsKey("journal"))
        {
            return null;
        }

        if (environment["journal"] is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Trim().Length == 0)
        {
            violations.Add(new ManifestViolation($"{path}.journal", "is a path, a postgres://USER@HOST:PORT/DATABASE URI or an azblob://CONTAINER/PATH URI, as a non-empty string."));
            return null;
        }

        if (Journal.PostgreSql.PostgreSqlJournalLocation.IsUri(text) || Journal.AzureBlob.AzureBlobJournalLocation.IsUri(text))
        {
            try
            {
                // The environment is not read here: only the URI's own shape is checked.
                _ = Journal.PostgreSql.PostgreSqlJournalLocation.IsUri(text)
                    ? Journal.PostgreSql.PostgreSqlJournalLocation.Parse(text, _ => null).Display
                    : Journal.AzureBlob.AzureBlobJournalLocation.Parse(text, _ => null).Display;
            }
            catch (Configuration.CliConfigurationException ex)
            {
                violations.Add(new ManifestViolation($"{path}.journal", ex.Message.Replace("--journal: ", string.Empty, StringComparison.Ordinal)));
                return null;
            }
        }

        return text;
    }

    private static List<ManifestModel> ReadModels(JsonNode? node, HashSet<string> environments, List<ManifestViolation> violations)
    {
        var models = new List<ManifestModel>();
        if (node is not JsonArray array || array.Count == 0)
        {
            violations.Add(new ManifestViolation("models", "at least one model (modelId, modelType, request) is required."));
            return models;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var path = $"models[{i}]";
            if (array[i] is not JsonObject model)
            {
                violations.Add(new ManifestViolation(path, "a model is an object with modelId, modelType and request."));
                continue;
            }

            CheckMembers(model, path, ModelMembers, violations);
            var modelId = RequiredString(model, "modelId", path, violations);
            var modelType = RequiredString(model, "modelType", path, violations);
            var request = OptionalObject(model, "request", $"{path}.request", violations);
            var perEnvironment = new Dictionary<string, ModelEnvironmentOverride>(StringComparer.Ordinal);
            if (model["environments"] is { } environmentsNode)
            {
                if (environmentsNode is not JsonObject environmentsObject)
                {
                    violations.Add(new ManifestViolation($"{path}.environments", "an object of environment name → modelId, overrides."));
                }
                else
                {
                    foreach (var (name, value) in environmentsObject)
                    {
                        var environmentPath = $"{path}.environments.{name}";
                        if (!environments.Contains(name))
                        {
                            violations.Add(new ManifestViolation(environmentPath, $"there is no environment '{name}' in environments ({string.Join(", ", environments.Order(StringComparer.Ordinal))})."));
                        }

                        if (value is not JsonObject overrideObject)
                        {
                            violations.Add(new ManifestViolation(environmentPath, "an object with modelId and overrides."));
                            continue;
                        }

                        CheckMembers(overrideObject, environmentPath, ModelEnvironmentMembers, violations);
                        var environmentModelId = overrideObject.ContainsKey("modelId") ? RequiredString(overrideObject, "modelId", environmentPath, violations) : null;
                        perEnvironment[name] = new ModelEnvironmentOverride(
                            environmentModelId,
                            OptionalObject(overrideObject, "overrides", $"{environmentPath}.overrides", violations));
                    }
                }
            }

            if (modelId is not null && modelType is not null)
            {
                models.Add(new ManifestModel(i, modelId, modelType, request, perEnvironment));
            }
        }

        return models;
    }

    private static List<(string Path, string ModelId)> ModelIds(List<ManifestModel> models)
    {
        var ids = new List<(string Path, string ModelId)>();
        foreach (var model in models)
        {
            ids.Add(($"models[{model.Index}].modelId", model.ModelId));
            foreach (var (environment, own) in model.Environments)
            {
                if (own.ModelId is { } id)
                {
                    ids.Add(($"models[{model.Index}].environments.{environment}.modelId", id));
                }
            }
        }

        return ids;
    }

    private static void CheckMembers(JsonObject node, string path, string[] allowed, List<ManifestViolation> violations)
    {
        foreach (var (name, _) in node)
        {
            if (Array.IndexOf(allowed, name) < 0)
            {
                violations.Add(new ManifestViolation(Join(path, name), $"unknown member; expected one of {string.Join(", ", allowed)}."));
            }
        }
    }

    private static string? RequiredString(JsonObject node, string name, string path, List<ManifestViolation> violations)
    {
        if (node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        violations.Add(new ManifestViolation(Join(path, name), node.ContainsKey(name) ? "must be a non-empty string." : "is required."));
        return null;
    }

    private static JsonObject? OptionalObject(JsonObject node, string name, string path, List<ManifestViolation> violations)
    {
        switch (node[name])
        {
            case null:
                return null;
            case JsonObject value:
                return value;
            default:
                violations.Add(new ManifestViolation(path, "must be an object (a partial deploy request)."));
                return null;
        }
    }

    private static string Join(string path, string name) => path == "$" ? name : $"{path}.{name}";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
