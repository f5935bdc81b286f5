using System.Text.Json;
using System.Text.Json.Nodes;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.DeployFiles;

/// <summary>
/// Reads a deploy file and applies <c>--set</c> overrides. An unreadable file is a configuration error (exit 7); a file
/// or override the request cannot be built from is an invalid request (exit 3), every problem named by its path.
/// </summary>
internal static class DeployFileReader
{
    public static async Task<DeployModelRequest> ReadAsync(FileInfo file, IReadOnlyList<string> overrides, CancellationToken cancellationToken)
    {
        // A deploy request is a few hundred bytes; 1 MiB is far beyond any, and /dev/zero is refused instead of read.
        var text = await InputFile.ReadTextAsync(file.FullName, "the deploy file", 1024 * 1024, cancellationToken).ConfigureAwait(false);

        if (JsonUnicode.FindBrokenString(text) is { } where)
        {
            throw new KoreValidationException([new KoreValidationError("$", null, JsonUnicode.Describe(where))]);
        }

        // The file is held to the SDK's deploy-file rules (repeated fields, contradicting flag spellings, types, and
        // no member the request does not have) as written, before any override; an override then replaces one
        // well-formed value.
        DeployModelRequest request;
        try
        {
            request = KoreModelDeployJson.ParseDeployModelRequest(text, Strict);
        }
        catch (KoreValidationException) when (ManifestFile.Recognize(text))
        {
            throw new KoreValidationException([new KoreValidationError(
                "$",
                null,
                $"{file.Name} is a manifest (environments and models), not a deploy file; a manifest is checked with: kore-deploy plan -f {file.Name} --env NAME")]);
        }

        return overrides.Count == 0 ? request : KoreModelDeployJson.ParseDeployModelRequest(ApplyOverrides(text, overrides), Strict);
    }

    /// <summary>
    /// The SDK's strict reading: a misspelled member is refused with the closest known one, as <c>--set</c> and the
    /// manifest do, instead of being dropped from what is sent.
    /// </summary>
    private static readonly DeployFileReadOptions Strict = new() { RejectUnknownMembers = true };

    /// <summary>The file's JSON with every override applied; every bad override is reported at once.</summary>
    public static string ApplyOverrides(string json, IReadOnlyList<string> overrides)
    {
        var parsed = new List<SetOverride>();
        var errors = new List<KoreValidationError>();
        foreach (var text in overrides)
        {
            if (SetOverride.TryParse(text, out var item, out var error))
            {
                parsed.Add(item!);
            }
            else
            {
                errors.Add(error!);
            }
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new KoreValidationException([new KoreValidationError("$", null, "a deploy request object is required.")]);
        }
        catch (JsonException ex)
        {
            throw new KoreValidationException([new KoreValidationError(ex.Path ?? "$", null, ex.Message), .. errors]);
        }

        foreach (var item in parsed)
        {
            if (item.WriteInto(root) is { } error)
            {
                errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            throw new KoreValidationException([.. errors, .. RulesBrokenBesides(root, errors)]);
        }

        return root.ToJsonString();
    }

    /// <summary>
    /// With some overrides refused, the rest of the request is still checked, so one run names every problem. A field
    /// whose override was refused is left out: the file's value there is not what the user asked for.
    /// </summary>
    private static IEnumerable<KoreValidationError> RulesBrokenBesides(JsonObject root, List<KoreValidationError> refused)
    {
        // The refused fields are taken out first, so that no rule spanning fields (minReplicas against maxReplicas,
        // say) quotes the value the user meant to replace. A field the request cannot do without cannot be taken
        // out; then the rest is checked as it stands.
        var withoutRefused = (JsonObject)root.DeepClone();
        foreach (var error in refused)
        {
            RemoveAt(withoutRefused, error.Path);
        }

        var broken = TryValidate(withoutRefused, out _) ?? TryValidate(root, out var unreadable) ?? unreadable;
        return broken.Where(b => !refused.Exists(r => r.Path == b.Path || b.Path.StartsWith(r.Path + ".", StringComparison.Ordinal) || b.Path.StartsWith(r.Path + "[", StringComparison.Ordinal)));
    }

    /// <summary>The rules <paramref name="request"/> breaks; <see langword="null"/> when no request can be read from it.</summary>
    private static IReadOnlyList<KoreValidationError>? TryValidate(JsonObject request, out IReadOnlyList<KoreValidationError> unreadable)
    {
        try
        {
            unreadable = [];
            return KoreRequestValidator.Validate(KoreModelDeployJson.ParseDeployModelRequest(request.ToJsonString()));
        }
        catch (KoreValidationException ex)
        {
            unreadable = ex.Errors;
            return null;
        }
    }

    private static void RemoveAt(JsonObject root, string path)
    {
        var segments = path.Split('.');
        var node = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (node[segments[i]] is not JsonObject child)
            {
                return;
            }

            node = child;
        }

        node.Remove(segments[^1]);
    }
}
