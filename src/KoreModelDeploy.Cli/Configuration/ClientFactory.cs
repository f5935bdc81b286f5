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
    /// Reads the key and the host and builds the client; a missing key and a missing host are reported together, with
    /// whatever <paramref name="earlier"/> holds from the command's own checks.
    /// </summary>
    public static async Task<ModelDeploymentClient> CreateAsync(ServiceSettings settings, DockPollingOptions? polling, CliHost host, IInteractionService interaction, CancellationToken cancellationToken, RunProblems? earlier = null)
    {
        var problems = earlier ?? new RunProblems();
        var apiKey = await problems.CollectAsync(() => ReadApiKeyAsync(settings, host, interaction, cancellationToken)).ConfigureAwait(false);
        var serviceHost = await problems.CollectAsync(() => Task.FromResult(ReadHost(settings, host))).ConfigureAwait(false);
        problems.ThrowIfAny();
        return Create(serviceHost!, apiKey!, polling, host, interaction);
    }

    /// <summary>The host: <c>--host</c>, else <c>KORE_HOST</c>.</summary>
    /// <exception cref="CliConfigurationException">Neither is set, or the one used is no absolute URL.</exception>
    private static Uri ReadHost(ServiceSettings settings, CliHost host) =>
        settings.Host?.Require()
            ?? HostSetting.Parse(host.GetEnvironmentVariable(ServiceOptions.HostVariable)
                ?? throw new CliConfigurationException($"no host: use --host URL or set {ServiceOptions.HostVariable} (for example https://agent-platform.kore.ai)"));

    /// <summary>Reads the key and masks it in CI; a command that prints anything before it builds its client calls this first.</summary>
    public static async Task<string> ReadApiKeyAsync(ServiceSettings settings, CliHost host, IInteractionService interaction, CancellationToken cancellationToken)
    {
        var apiKey = await ApiKeyReader.ReadAsync(settings, host, cancellationToken).ConfigureAwait(false);
        interaction.MaskSecret(apiKey);
        return apiKey;
    }

    /// <summary>Builds the client for a host already read (<see cref="HostSetting"/>) with a key read by <see cref="ReadApiKeyAsync"/>.</summary>
    /// <param name="serviceHost">The platform's base address.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="polling">How every wait of this client polls; the SDK's defaults when <see langword="null"/>.</param>
    /// <param name="host">The process's environment and clock.</param>
    /// <param name="interaction">Where the client's HTTP log goes.</param>
    /// <exception cref="CliConfigurationException">A setting breaks one of the SDK's rules for its options; each is named by the option or variable that set it.</exception>
    public static ModelDeploymentClient Create(Uri serviceHost, string apiKey, DockPollingOptions? polling, CliHost host, IInteractionService interaction)
    {
        var options = new KoreModelDeployOptions { Host = serviceHost, ApiKey = apiKey };
        if (polling is not null)
        {
            options.Polling = polling;
        }

        // The SDK's own checks, asked before the client is built so that each broken rule comes with its setting's
        // path, which the tool turns into the option or variable that set it. The SDK never repeats a setting's value.
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new CliConfigurationException(string.Join(" ", errors.Select(e => $"{SettingName(e.Path)} {e.Message}")));
        }

        // The SDK's shared handler: no redirects followed (the key would go along), loopback never proxied.
        return new ModelDeploymentClient(options, interaction.HttpLoggerFactory, host.TimeProvider);
    }

    /// <summary>What the tool calls the setting at <paramref name="path"/> (the SDK's configuration path below its section).</summary>
    private static string SettingName(string path) => path switch
    {
        nameof(KoreModelDeployOptions.Host) => $"the host (--host or {ServiceOptions.HostVariable})",
        nameof(KoreModelDeployOptions.ApiKey) => "the API key",
        _ => $"{KoreModelDeployOptions.SectionName}:{path}",
    };
}
