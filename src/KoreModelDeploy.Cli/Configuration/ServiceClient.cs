namespace KoreModelDeploy.Cli.Configuration;

/// <summary>The SDK client and the HTTP connection pool it uses, released together when a command ends.</summary>
internal sealed class ServiceClient(ModelDeploymentClient client, HttpClient http) : IDisposable
{
    public ModelDeploymentClient Client { get; } = client;

    public void Dispose() => http.Dispose();
}
