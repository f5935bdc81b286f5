using System.Net.Http.Json;
using System.Text.Json;
using KoreModelDeploy.Benchmarks.Wire;

namespace KoreModelDeploy.Benchmarks;

/// <summary>The floor: the two calls over a bare <see cref="HttpClient"/> and source-generated JSON, no validation, no retries.</summary>
public sealed class HandWrittenClient(HttpClient http)
{
    private const string DeployPrefix = Samples.BaseAddress + "/api/public/models/";
    private const string StatusPrefix = Samples.BaseAddress + "/api/public/dock-status/";

    public async Task<WireDockStatus> DeployAndPollAsync(string modelId, WireDeployRequest request, CancellationToken cancellationToken = default)
    {
        WireDeployResponse deployed;
        using (var deploy = new HttpRequestMessage(HttpMethod.Post, DeployPrefix + Uri.EscapeDataString(modelId) + "/deploy?modelType=openSource"))
        {
            deploy.Headers.TryAddWithoutValidation("x-api-key", Samples.ApiKey);
            deploy.Headers.TryAddWithoutValidation("Accept", "application/json");
            deploy.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, WireJsonContext.Default.WireDeployRequest));
            deploy.Content.Headers.TryAddWithoutValidation("Content-Type", Samples.ContentType);
            using var response = await http.SendAsync(deploy, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            deployed = (await response.Content.ReadFromJsonAsync(WireJsonContext.Default.WireDeployResponse, cancellationToken).ConfigureAwait(false))!;
        }

        using var status = new HttpRequestMessage(HttpMethod.Get, StatusPrefix + Uri.EscapeDataString(deployed.DockStatusId));
        status.Headers.TryAddWithoutValidation("x-api-key", Samples.ApiKey);
        status.Headers.TryAddWithoutValidation("Accept", "application/json");
        using var statusResponse = await http.SendAsync(status, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        statusResponse.EnsureSuccessStatusCode();
        return (await statusResponse.Content.ReadFromJsonAsync(WireJsonContext.Default.WireDockStatus, cancellationToken).ConfigureAwait(false))!;
    }
}
