namespace KoreModelDeploy.Cli.Configuration;

/// <summary>The SDK client a command uses; it runs over the SDK's shared handler, so there is nothing to release.</summary>
internal sealed class ServiceClient(ModelDeploymentClient client)
{
    public ModelDeploymentClient Client { get; } = client;
}
