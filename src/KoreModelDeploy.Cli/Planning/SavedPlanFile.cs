using System.Text.Json;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;

namespace KoreModelDeploy.Cli.Planning;

/// <summary>Writes and reads saved plans; every failure is a configuration error (exit 7) that names the file.</summary>
internal static class SavedPlanFile
{
    /// <summary>The most a saved plan may hold; a plan of thousands of models is far smaller.</summary>
    private const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>Writes <paramref name="plan"/> whole or not at all: to a file beside the target, then renamed over it.</summary>
    /// <exception cref="CliConfigurationException">The file cannot be written.</exception>
    public static void Write(string path, SavedPlan plan)
    {
        var full = Path.GetFullPath(path);

        // A slip of the keyboard (--save-plan kore.prod.journal.jsonl, --save-plan kore.json) must not cost the journal
        // or the manifest: only a saved plan is ever replaced.
        if (File.Exists(full) && !IsSavedPlan(full))
        {
            throw new CliConfigurationException($"--save-plan {full}: the file exists and is not a saved plan (a journal? the manifest?); it is left as it is. Name another file, or remove it first.");
        }

        var temporary = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(plan, SavedPlanJsonContext.Default.SavedPlan));
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new CliConfigurationException($"--save-plan {full}: the plan cannot be written: {ex.Message}", ex);
        }
    }

    private static bool IsSavedPlan(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("format", out var format)
                && format.ValueKind == JsonValueKind.String
                && format.GetString()!.StartsWith("kore-deploy-plan/", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    /// <summary>The manifest as the digest of a saved plan takes it: its text as read, in UTF-8.</summary>
    public static async Task<byte[]> ManifestBytesAsync(string path, CancellationToken cancellationToken) =>
        System.Text.Encoding.UTF8.GetBytes(await InputFile.ReadTextAsync(path, "the manifest", Manifests.ManifestReader.MaxBytes, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads a saved plan.</summary>
    /// <exception cref="CliConfigurationException">The file cannot be read, is not a saved plan, or is of a format this release does not know.</exception>
    public static async Task<SavedPlan> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var text = await InputFile.ReadTextAsync(full, "the saved plan", MaxBytes, cancellationToken).ConfigureAwait(false);
        SavedPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize(text, SavedPlanJsonContext.Default.SavedPlan);
        }
        catch (JsonException ex)
        {
            throw new CliConfigurationException($"--plan {full} is not a plan kore-deploy saved (it breaks at {ex.Path ?? "its start"}); make one with kore-deploy plan … --save-plan {path}", ex);
        }

        if (plan is null || plan.Format != SavedPlan.CurrentFormat)
        {
            throw new CliConfigurationException($"--plan {full} is a plan of format '{plan?.Format}', which this release does not read ({SavedPlan.CurrentFormat}); make the plan again with this release");
        }

        // A plan edited by hand after review: what a reviewer read (each request) must be what its fingerprint says.
        if (plan.Models.FirstOrDefault(m => !m.RequestMatchesFingerprint()) is { } edited)
        {
            throw new CliConfigurationException($"--plan {full}: the request saved for {edited.ModelId} does not match its fingerprint; the plan was changed after it was made. Make the plan again.");
        }

        return plan;
    }
}
