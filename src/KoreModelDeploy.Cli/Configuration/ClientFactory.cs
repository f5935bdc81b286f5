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

        var http = new HttpClient(new SocketsHttpHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            var client = new ModelDeploymentClient(http, options, interaction.HttpLoggerFactory, host.TimeProvider);
            return new ServiceClient(client, http);
        }
        catch (ArgumentException ex)
        {
            http.Dispose();
            // The SDK names each wrong setting and never includes the key's value.
            throw new CliConfigurationException(ex.Message, ex);
        }
    }
}
