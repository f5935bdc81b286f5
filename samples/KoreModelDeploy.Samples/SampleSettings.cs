using System.Globalization;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Samples;

/// <summary>The sample's settings, from environment variables. Without KORE_HOST the sample runs on the embedded emulator.</summary>
internal sealed record SampleSettings
{
    public Uri? Host { get; init; }

    public string? ApiKey { get; init; }

    public string ModelId { get; init; } = "cm-2a0f5e9c4b7d4e1f8a3c6b9d0e2f4a61";

    public ModelType ModelType { get; init; } = ModelType.OpenSource;

    public string? DeployFile { get; init; }

    public TimeSpan? WaitTimeout { get; init; }

    public bool Undeploy { get; init; }

    /// <summary>A dock status id printed by an earlier run: wait on that job instead of starting one.</summary>
    public string? ResumeDockStatusId { get; init; }

    public bool UsesEmulator => Host is null;

    /// <summary>Whether the host is the emulator this process started (set once it runs).</summary>
    public bool UsesEmbeddedEmulator { get; init; }

    public static SampleSettings FromEnvironment(Func<string, string?> read)
    {
        var host = read("KORE_HOST");
        var apiKey = read("KORE_API_KEY");
        if (string.IsNullOrEmpty(host) != string.IsNullOrEmpty(apiKey))
        {
            throw new SampleConfigurationException("set both KORE_HOST and KORE_API_KEY, or neither to use the embedded emulator");
        }

        Uri? hostUri = null;
        if (!string.IsNullOrEmpty(host) && !Uri.TryCreate(host, UriKind.Absolute, out hostUri))
        {
            throw new SampleConfigurationException($"KORE_HOST '{host}' is not an absolute URL");
        }

        TimeSpan? timeout = null;
        if (read("KORE_WAIT_TIMEOUT") is { Length: > 0 } seconds)
        {
            if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= 1 && value <= 86_400))
            {
                throw new SampleConfigurationException($"KORE_WAIT_TIMEOUT '{seconds}' is not a number of seconds from 1 to 86400");
            }

            timeout = TimeSpan.FromSeconds(value);
        }

        var modelType = ModelType.OpenSource;
        if (read("KORE_MODEL_TYPE") is { Length: > 0 } type)
        {
            modelType = type switch
            {
                "openSource" => ModelType.OpenSource,
                "fineTune" => ModelType.FineTune,
                _ => throw new SampleConfigurationException($"KORE_MODEL_TYPE '{type}' is neither openSource nor fineTune"),
            };
        }

        var usesEmulator = hostUri is null;
        var resume = read("KORE_DOCK_STATUS_ID") is { Length: > 0 } id ? id : null;
        if (resume is not null && usesEmulator)
        {
            // The embedded emulator starts empty with each run: no job of an earlier run is there to wait on.
            throw new SampleConfigurationException("KORE_DOCK_STATUS_ID needs KORE_HOST and KORE_API_KEY: the embedded emulator ends with each run");
        }
        var defaults = new SampleSettings();
        return new SampleSettings
        {
            Host = hostUri,
            ApiKey = apiKey,
            ModelId = read("KORE_MODEL_ID") is { Length: > 0 } model ? model : defaults.ModelId,
            ModelType = modelType,
            DeployFile = read("KORE_DEPLOY_FILE") is { Length: > 0 } file ? file : null,
            WaitTimeout = timeout,
            // On a real environment a deployment costs money: undeploy only when asked. On the emulator, clean up.
            Undeploy = usesEmulator || read("KORE_UNDEPLOY") == "1",
            ResumeDockStatusId = resume,
        };
    }
}

/// <summary>A setting the sample cannot use.</summary>
internal sealed class SampleConfigurationException(string message) : Exception(message);
