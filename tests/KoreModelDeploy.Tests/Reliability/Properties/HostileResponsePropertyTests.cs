using System.Net;
using System.Net.Http.Headers;
using CsCheck;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Reliability.Properties;

/// <summary>
/// Whatever comes back (random JSON, random bytes, any status), every call ends in a usable value or a
/// <see cref="KoreApiException"/>, and neither carries the API key that the bodies keep echoing.
/// </summary>
public sealed class HostileResponsePropertyTests
{
    private static readonly Gen<int> Status = Gen.Frequency(
        (8, Gen.Const(200)),
        (1, Gen.OneOf(201, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503)));

    private static readonly Gen<string?> MediaType = Gen.OneOf<string?>("application/json", "text/html", "text/plain", null);

    [Fact]
    public async Task Get_status_and_deploy_end_in_a_value_or_a_typed_error_for_any_answer()
    {
        var answer = new Answer();
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => answer.ToResponse());

        // No retries: every sample is one exchange, so thousands fit in a few seconds.
        var client = ReliabilitySetup.Client(mock, new IsolatedClock(), ReliabilitySetup.Options(o => o.Retry.MaxRetries = 0));
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);

        // A fresh job id per sample: polls of one id are held a second apart, which would make this test last hours.
        var polls = 0;

        await Gen.Select(Status, MediaType, JsonGenerators.Body, Gen.Bool).SampleAsync(
            async (status, mediaType, body, deploy) =>
            {
                (answer.Status, answer.MediaType, answer.Body) = (status, mediaType, body);
                object? value = null;
                Exception? error = null;
                try
                {
                    value = deploy
                        ? await client.DeployAsync("cm-1", ModelType.OpenSource, ReliabilitySetup.Request)
                        : await client.GetDockStatusAsync("ds-" + (++polls).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
#pragma warning disable CA1031 // Any exception is the observation under test.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    error = ex;
                }

                var outcome = error?.GetType().Name ?? "value";
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                error.Should().Match<Exception?>(e => e == null || e is KoreApiException, "nothing but a typed error may escape, got {0}", error);
                SecretScanner.Leaks(error).Should().BeFalse("the key must not reach an exception");
                if (value is DockStatus dockStatus)
                {
                    dockStatus.Status.IsDefault.Should().BeFalse("a status without a state is reported as an invalid answer");
                    dockStatus.Id.Should().NotBeNullOrEmpty();
                    Flatten(dockStatus).Should().NotContain(ReliabilitySetup.ApiKey);
                }

                if (value is DeployModelResponse response)
                {
                    response.DockStatusId.Should().NotBeNullOrEmpty();
                    response.ToString().Should().NotContain(ReliabilitySetup.ApiKey);
                }
            },
            iter: 5000,
            threads: 1,
            print: t => $"status={t.Item1} type={t.Item2} deploy={t.Item4} body={Convert.ToBase64String(t.Item3)}");

        // Both kinds of ending must have been reached, or the property proves little.
        outcomes.GetValueOrDefault("value").Should().BeGreaterThan(50);
        outcomes.GetValueOrDefault(nameof(KoreApiException)).Should().BeGreaterThan(50);
    }

    private static string Flatten(DockStatus status) =>
        status + string.Concat(status.AdditionalProperties.Select(p => p.Key + RawText(p.Value)));

    // Raw text cannot be decoded when the service sent bytes that are not UTF-8; they cannot spell the key either.
    private static string RawText(System.Text.Json.JsonElement element)
    {
        try
        {
            return element.GetRawText();
        }
        catch (InvalidOperationException)
        {
            return string.Empty;
        }
    }

    private sealed class Answer
    {
        public int Status { get; set; }

        public string? MediaType { get; set; }

        public byte[] Body { get; set; } = [];

        public HttpResponseMessage ToResponse()
        {
            var content = new ByteArrayContent(Body);
            if (MediaType is not null)
            {
                content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
            }

            return new HttpResponseMessage((HttpStatusCode)Status) { Content = content };
        }
    }
}
