using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;

namespace KoreModelDeploy.Cli.Configuration;

/// <summary>
/// Builds the SDK client from the options and environment; the key is masked in CI before anything is printed. The
/// client runs over the SDK's shared handler, so there is nothing for a command to release.
/// </summary>
internal static class ClientFactory
{
    /// <summary>
    /// Reads the key and builds the client; a missing key and a missing host are reported together, with whatever
    /// <paramref name="earlier"/> holds from the command's own checks.
    /// </summary>
    public static async Task<ModelDeploymentClient> CreateAsync(ServiceSettings settings, DockPollingOptions? polling, CliHost host, IInteractionService interaction, CancellationToken cancellationToken, RunProblems? earlier = null)
    {
        var problems = earlier ?? new RunProblems();
        var apiKey = await problems.CollectAsync(() => ReadApiKeyAsync(settings, host, interaction, cancellationToken)).ConfigureAwait(false);
        problems.Collect(() => HostSetting.Parse(HostText(settings, host)));
        problems.ThrowIfAny();
        return Create(settings, apiKey!, polling, host, interaction);
    }

    private static string HostText(ServiceSettings settings, CliHost host) =>
        settings.Host ?? host.GetEnvironmentVariable(ServiceOptions.HostVariable)
            ?? throw new CliConfigurationException($"no host: use --host URL or set {ServiceOptions.HostVariable} (for example https://agent-platform.kore.ai)");

    /// <summary>Reads the key and masks it in CI; a command that prints anything before it builds its client calls this first.</summary>
    public static async Task<string> ReadApiKeyAsync(ServiceSettings settings, CliHost host, IInteractionService interaction, CancellationToken cancellationToken)
    {
        var apiKey = await ApiKeyReader.ReadAsync(settings, host, cancellationToken).ConfigureAwait(false);
        interaction.MaskSecret(apiKey);
        return apiKey;
    }

    /// <summary>Builds the client with a key read by <see cref="ReadApiKeyAsync"/>.</summary>
    public static ModelDeploymentClient Create(ServiceSettings settings, string apiKey, DockPollingOptions? polling, CliHost host, IInteractionService interaction)
    {
        var hostText = HostText(settings, host);
        var options = new KoreModelDeployOptions { Host = HostSetting.Parse(hostText), ApiKey = apiKey };
        if (polling is not null)
        {
            options.Polling = polling;
        }

        try
        {
            // The SDK's shared handler: no redirects followed (the key would go along), loopback never proxied.
            return new ModelDeploymentClient(options, interaction.HttpLoggerFactory, host.TimeProvider);
        }
        catch (ArgumentException ex)
        {
            // The SDK names each wrong setting by its configuration key and never includes the key's value; the tool
            // names the option or variable that set it instead.
            var message = ex.ParamName is { } parameter ? ex.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal) : ex.Message;
            message = message
                .Replace("Invalid KoreModelDeploy options: ", string.Empty, StringComparison.Ordinal)
                .Replace("KoreModelDeploy:Host", $"the host (--host or {ServiceOptions.HostVariable})", StringComparison.Ordinal)
                .Replace("KoreModelDeploy:ApiKey", "the API key", StringComparison.Ordinal);
            throw new CliConfigurationException(message, ex);
        }
    }
}
