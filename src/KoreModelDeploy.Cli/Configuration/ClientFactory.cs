using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;

namespace KoreModelDeploy.Cli.Configuration;

/// <summary>Builds the SDK client from the options and environment; the key is masked in CI before anything is printed.</summary>
internal static class ClientFactory
{
    public static async Task<ServiceClient> CreateAsync(ServiceSettings settings, DockPollingOptions? polling, CliHost host, IInteractionService interaction, CancellationToken cancellationToken)
    {
        var apiKey = await ApiKeyReader.ReadAsync(settings, host, cancellationToken).ConfigureAwait(false);
        interaction.MaskSecret(apiKey);

        var hostText = settings.Host ?? host.GetEnvironmentVariable(ServiceOptions.HostVariable)
            ?? throw new CliConfigurationException($"no host: use --host URL or set {ServiceOptions.HostVariable} (for example https://agent-platform.kore.ai)");
        if (!Uri.TryCreate(hostText.Trim(), UriKind.Absolute, out var baseAddress))
        {
            throw new CliConfigurationException($"the host '{hostText}' is not an absolute URL such as https://agent-platform.kore.ai");
        }

        var options = new KoreModelDeployOptions { Host = baseAddress, ApiKey = apiKey };
        if (polling is not null)
        {
            options.Polling = polling;
        }

        try
        {
            // The SDK's shared handler: no redirects followed (the key would go along), loopback never proxied.
            return new ServiceClient(new ModelDeploymentClient(options, interaction.HttpLoggerFactory, host.TimeProvider));
        }
        catch (ArgumentException ex)
        {
            // The SDK names each wrong setting and never includes the key's value.
            throw new CliConfigurationException(ex.Message, ex);
        }
    }
}
