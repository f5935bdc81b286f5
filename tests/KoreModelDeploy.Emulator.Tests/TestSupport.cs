using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Emulator.Tests;

/// <summary>Shared helpers: every test talks to a real emulator over loopback through HttpClient.</summary>
internal static class TestSupport
{
    public const string SampleOpenSourceBody = Testing.VendorSampleJson.OpenSourceRequest;

    public const string SampleFineTuneBody = Testing.VendorSampleJson.FineTuneRequest;

    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Moves the clock past the default job duration, so every job started so far has ended.</summary>
    public static void FinishJobs(FakeTimeProvider clock) => clock.Advance(new KoreEmulatorOptions().JobDuration);

    public static Task<KoreEmulator> StartAsync(Action<KoreEmulatorOptions>? configure = null, TimeProvider? clock = null)
    {
        var options = new KoreEmulatorOptions { TimeProvider = clock ?? NewClock() };
        configure?.Invoke(options);
        return KoreEmulator.StartAsync(options);
    }

    /// <remarks>
    /// The timeout only bounds how long a broken test takes to fail; on a busy machine a loopback request can take many
    /// seconds, a request queued behind a burst of a thousand more so (30 s was too short there).
    /// </remarks>
    public static HttpClient CreateClient(KoreEmulator emulator, string? apiKey = "<emulator>")
    {
        var client = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey == "<emulator>" ? emulator.ApiKey : apiKey);
        }

        return client;
    }

    public static JsonObject ValidBody() => (JsonObject)JsonNode.Parse(SampleOpenSourceBody)!;

    public static Task<HttpResponseMessage> DeployAsync(HttpClient client, string modelId, string body, string? modelType = "openSource")
    {
        var query = modelType is null ? string.Empty : "?modelType=" + Uri.EscapeDataString(modelType);
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return client.PostAsync(new Uri("api/public/models/" + modelId + "/deploy" + query, UriKind.Relative), content);
    }

    public static Task<HttpResponseMessage> DeployAsync(HttpClient client, string modelId, JsonNode body, string? modelType = "openSource") =>
        DeployAsync(client, modelId, body.ToJsonString(), modelType);

    public static Task<HttpResponseMessage> UndeployAsync(HttpClient client, string modelId) =>
        client.PostAsync(new Uri("api/public/models/" + modelId + "/undeploy", UriKind.Relative), content: null);

    public static Task<HttpResponseMessage> StatusAsync(HttpClient client, string dockStatusId) =>
        client.GetAsync(new Uri("api/public/dock-status/" + dockStatusId, UriKind.Relative));

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static async Task<IReadOnlyList<string>> ReadErrorsAsync(HttpResponseMessage response, int expectedCode)
    {
        var body = await ReadObjectAsync(response);
        var errors = body["errors"]!.AsArray();
        errors.Should().NotBeEmpty();
        errors.Select(error => (int)error!["code"]!).Should().OnlyContain(code => code == expectedCode);
        return [.. errors.Select(error => (string)error!["msg"]!)];
    }

    /// <summary>Deploys the sample body and returns the dock status id.</summary>
    public static async Task<string> StartDeployAsync(HttpClient client, string modelId)
    {
        using var response = await DeployAsync(client, modelId, SampleOpenSourceBody);
        response.EnsureSuccessStatusCode();
        return (string)(await ReadObjectAsync(response))["dock-statusId"]!;
    }

    public static async Task<string> ReadStatusAsync(HttpClient client, string dockStatusId)
    {
        using var response = await StatusAsync(client, dockStatusId);
        response.EnsureSuccessStatusCode();
        return (string)(await ReadObjectAsync(response))["status"]!;
    }

    /// <summary>Sets or removes (value null with remove) a property addressed by a dotted path.</summary>
    public static JsonObject With(this JsonObject body, string path, JsonNode? value, bool remove = false)
    {
        var parts = path.Split('.');
        var parent = body;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        if (remove)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = value;
        }

        return body;
    }
}
