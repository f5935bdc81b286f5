using Flurl.Http;
using Flurl.Http.Configuration;
using KoreModelDeploy.Benchmarks.Wire;
using Refit;
using RestSharp;
using RestSharp.Serializers.Json;

namespace KoreModelDeploy.Benchmarks.Peers;

/// <summary>The same deploy-then-status sequence written with each peer library, in that library's usual style.</summary>
public static class PeerClients
{
    public static IKoreRefitApi CreateRefit(HttpMessageHandler handler) =>
        RestService.For<IKoreRefitApi>(
            new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(Samples.BaseAddress) },
            new RefitSettings { ContentSerializer = new SystemTextJsonContentSerializer(WireJsonContext.SerializerOptions) });

    public static RestClient CreateRestSharp(HttpMessageHandler handler) =>
        new(
            new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(Samples.BaseAddress) },
            new RestClientOptions(Samples.BaseAddress),
            disposeHttpClient: true,
            configureSerialization: s => s.UseSystemTextJson(WireJsonContext.SerializerOptions));

    public static FlurlClient CreateFlurl(HttpMessageHandler handler)
    {
        var client = new FlurlClient(new HttpClient(handler, disposeHandler: false), Samples.BaseAddress);
        client.Settings.JsonSerializer = new DefaultJsonSerializer(WireJsonContext.SerializerOptions);
        return client;
    }

    public static async Task<WireDockStatus> RefitDeployAndPollAsync(IKoreRefitApi api, WireDeployRequest request)
    {
        var deployed = await api.DeployAsync(Samples.ModelId, "openSource", request, Samples.ApiKey).ConfigureAwait(false);
        return await api.GetDockStatusAsync(deployed.DockStatusId, Samples.ApiKey).ConfigureAwait(false);
    }

    public static async Task<WireDockStatus> RestSharpDeployAndPollAsync(RestClient client, WireDeployRequest request)
    {
        var deploy = new RestRequest("/api/public/models/{modelId}/deploy", Method.Post)
            .AddUrlSegment("modelId", Samples.ModelId)
            .AddQueryParameter("modelType", "openSource")
            .AddHeader("x-api-key", Samples.ApiKey)
            .AddHeader("Accept", "application/json")
            .AddJsonBody(request);
        var deployed = await client.PostAsync<WireDeployResponse>(deploy).ConfigureAwait(false);

        var status = new RestRequest("/api/public/dock-status/{dockStatusId}")
            .AddUrlSegment("dockStatusId", deployed!.DockStatusId)
            .AddHeader("x-api-key", Samples.ApiKey)
            .AddHeader("Accept", "application/json");
        return (await client.GetAsync<WireDockStatus>(status).ConfigureAwait(false))!;
    }

    public static async Task<WireDockStatus> FlurlDeployAndPollAsync(FlurlClient client, WireDeployRequest request)
    {
        var deployed = await client.Request("api", "public", "models", Samples.ModelId, "deploy")
            .SetQueryParam("modelType", "openSource")
            .WithHeader("x-api-key", Samples.ApiKey)
            .WithHeader("Accept", "application/json")
            .PostJsonAsync(request)
            .ReceiveJson<WireDeployResponse>()
            .ConfigureAwait(false);

        return await client.Request("api", "public", "dock-status", deployed.DockStatusId)
            .WithHeader("x-api-key", Samples.ApiKey)
            .WithHeader("Accept", "application/json")
            .GetJsonAsync<WireDockStatus>()
            .ConfigureAwait(false);
    }
}
