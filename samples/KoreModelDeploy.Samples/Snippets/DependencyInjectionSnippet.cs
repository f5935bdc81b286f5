using KoreModelDeploy.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KoreModelDeploy.Samples.Snippets;

/// <summary>Registration with the generic host, settings from configuration. README shows the region below.</summary>
internal static class DependencyInjectionSnippet
{
    public static async Task<DockStatus> RunAsync(IDictionary<string, string?> settings, DeployModelRequest request)
    {
        // <snippet:dependency-injection>
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings); // or appsettings.json, environment variables, ...
        builder.Services.AddKoreModelDeploy(builder.Configuration.GetSection("KoreModelDeploy"));

        using var host = builder.Build();
        await host.StartAsync(); // fails here, naming the setting, when the options are invalid

        var client = host.Services.GetRequiredService<IModelDeploymentClient>();
        var status = await client.DeployAndWaitAsync("cm-2a0f5e9c4b7d4e1f8a3c6b9d0e2f4a61", ModelType.OpenSource, request);
        Console.WriteLine($"{status.Id}: {status.Status}");
        // </snippet:dependency-injection>

        await host.StopAsync();
        return status;
    }
}
