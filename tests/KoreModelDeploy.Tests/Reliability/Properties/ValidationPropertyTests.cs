using System.Net;
using CsCheck;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Reliability.Properties;

/// <summary>The validator accepts exactly what the vendor's tables allow, judged by an oracle transcribed from them.</summary>
public sealed class ValidationPropertyTests
{
    [Fact]
    public async Task Deploy_sends_exactly_the_requests_the_vendor_tables_allow_and_names_every_broken_field()
    {
        using var mock = new MockHttpMessageHandler();
        var sent = mock.When(HttpMethod.Post, "https://kore.example/api/public/models/cm-prop/deploy")
            .Respond(HttpStatusCode.OK, "application/json", """{"dock-statusId":"ds-1","modelId":"cm-prop","jobType":"MODELS","action":"DEPLOY","status":"IN_PROGRESS"}""");
        var client = ReliabilitySetup.Client(mock, new IsolatedClock());
        var accepted = 0;
        var rejected = 0;

        await Gen.Select(RequestGenerators.ModelType, RequestGenerators.Request).SampleAsync(
            async (modelType, request) =>
            {
                var expected = VendorTableOracle.Violations(modelType, request);
                var before = mock.GetMatchCount(sent);
                var call = () => client.DeployAsync("cm-prop", modelType is null ? default : new ModelType(modelType), request);
                if (expected.Count == 0)
                {
                    await call.Should().NotThrowAsync();
                    mock.GetMatchCount(sent).Should().Be(before + 1);
                    accepted++;
                }
                else
                {
                    var error = (await call.Should().ThrowAsync<KoreValidationException>()).Which;
                    error.Errors.Select(e => e.Path).ToHashSet().Should().BeEquivalentTo(expected);
                    mock.GetMatchCount(sent).Should().Be(before, "a request that breaks a rule is never sent");
                    rejected++;
                }
            },
            iter: 6000,
            threads: 1,
            print: t => $"modelType={t.Item1 ?? "(null)"} request={Describe(t.Item2)}");

        // Both sides of the boundary must really have been explored.
        accepted.Should().BeGreaterThan(300);
        rejected.Should().BeGreaterThan(300);
    }

    private static string Describe(DeployModelRequest request) =>
        $"{request} hyper={request.HyperParameters} stops=[{string.Join(",", request.HyperParameters?.StopSequence ?? [])}] scaling={request.ScalingParameters} optimization={request.OptimizationInfo}";
}
