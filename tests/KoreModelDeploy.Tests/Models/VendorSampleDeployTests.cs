using System.Net;
using System.Text.Json.Nodes;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Models;

/// <summary>The vendor's two curl samples, rebuilt as typed records, must produce the same HTTP call.</summary>
public class VendorSampleDeployTests
{
    public static TheoryData<string, string, string, string, string> Samples => new()
    {
        { "openSource", VendorSamples.OpenSourceHost, VendorSamples.OpenSourceModelId, VendorSamples.OpenSourceApiKey, VendorSamples.OpenSourceRequestJson },
        { "fineTune", VendorSamples.FineTuneHost, VendorSamples.FineTuneModelId, VendorSamples.FineTuneApiKey, VendorSamples.FineTuneRequestJson },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_request_is_sent_as_the_vendor_page_shows(string modelType, string host, string modelId, string apiKey, string sampleJson)
    {
        var request = modelType == "openSource" ? VendorSamples.OpenSourceRequest : VendorSamples.FineTuneRequest;
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, VendorSamples.SampleResponseJson));
        var expectation = mock.When(HttpMethod.Post, $"{host}/api/public/models/{modelId}/deploy")
            .WithExactQueryString($"modelType={modelType}")
            .Respond(script);
        var client = new ModelDeploymentClient(mock.ToHttpClient(), new KoreModelDeployOptions { Host = new Uri(host), ApiKey = apiKey });

        var response = await client.DeployAsync(modelId, new ModelType(modelType), request);

        mock.GetMatchCount(expectation).Should().Be(1);
        var sent = script.Requests.Single();
        sent.Method.Should().Be(HttpMethod.Post);
        sent.Url.Should().Be($"{host}/api/public/models/{modelId}/deploy?modelType={modelType}");
        sent.Headers["x-api-key"].Should().Be(apiKey);
        sent.Headers["Accept"].Should().Be("application/json");
        System.Net.Http.Headers.MediaTypeHeaderValue.Parse(sent.ContentType!).MediaType.Should().Be("application/json");

        var body = JsonNode.Parse(sent.Body!);
        JsonNode.DeepEquals(body, VendorSamples.ExpectedWireBody(sampleJson)).Should().BeTrue(
            "the body must be the sample's, flag spelled as in the parameter table; it was {0}", sent.Body);
        sent.Body.Should().NotContain("isDeployedPreviouly\"");

        response.DockStatusId.Should().Be("ds-d0xxxxxd-bxx9-5xx0-8xx5-5bxxxxxxxxx1");
        response.ModelId.Should().Be("cm-77xxxxxb-exx9-5xxc-8xx6-5xxxxxxxxxx1");
        response.JobType.Should().Be(DockJobType.Models);
        response.Action.Should().Be(DockAction.Deploy);
        response.Status.Should().Be(DockJobStatus.InProgress);
    }

    [Fact]
    public async Task User_agent_names_the_package_its_version_and_the_runtime()
    {
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson));
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(script);

        await TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest);

        var userAgent = script.Requests.Single().Headers["User-Agent"];
        var version = typeof(ModelDeploymentClient).Assembly.GetName().Version!;
        userAgent.Should().StartWith($"KoreModelDeploy/{version.Major}.{version.Minor}.{version.Build}");
        userAgent.Should().Contain(Environment.Version.ToString(), "the runtime's version helps the vendor diagnose clients");
        userAgent.Should().Contain(".NET");
    }

    [Fact]
    public async Task Empty_optimization_and_quantization_types_are_sent_as_empty_strings()
    {
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson));
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(script);
        var request = TestClients.ValidRequest with
        {
            OptimizationInfo = new OptimizationInfo { OptimizationType = OptimizationType.Unspecified, QuantizationType = QuantizationType.Unspecified },
        };

        await TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, request);

        var info = JsonNode.Parse(script.Requests.Single().Body!)!["optimizationInfo"]!;
        info["optimizationType"]!.GetValue<string>().Should().BeEmpty();
        info["quantizationType"]!.GetValue<string>().Should().BeEmpty();
    }

    [Fact]
    public async Task Unset_optional_members_are_left_out_of_the_body()
    {
        var mock = TestClients.StrictMock();
        var script = ResponseScript.Of(() => Responses.Json(HttpStatusCode.OK, TestClients.AcceptedJson));
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(script);
        var request = TestClients.ValidRequest with
        {
            ScalingParameters = new ScalingParameters { MinReplicas = 2 },
            OptimizationInfo = new OptimizationInfo { QuantizationType = QuantizationType.Int8Float16 },
        };

        await TestClients.Create(mock).DeployAsync(TestIds.ModelId, ModelType.OpenSource, request);

        var expected = JsonNode.Parse("""
            {
              "name": "flan-t5-small",
              "hyperParameters": { "temperature": 0.7, "maxTokens": 256, "topP": 0.9, "topK": 40 },
              "scalingParameters": { "minReplicas": 2 },
              "deviceType": "g4dn.xlarge",
              "optimizationInfo": { "quantizationType": "int8_float16" }
            }
            """);
        var body = script.Requests.Single().Body!;
        JsonNode.DeepEquals(JsonNode.Parse(body), expected).Should().BeTrue("unset optionals are omitted; the body was {0}", body);
        body.Should().NotContain("null");
    }
}
