using System.Net;
using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Reliability;

/// <summary>
/// Bytes that are not UTF-8 inside a JSON string parse fine (the reader does not decode strings) and only fail when
/// the string is read, so they must not turn a job failure into an InvalidOperationException.
/// </summary>
public sealed class InvalidUtf8Tests
{
    private static readonly byte[] FailedWithBrokenMessage =
        [.. "{\"_id\":\"ds-1\",\"status\":\"FAILED\",\"message\":\"quota \u0000"u8[..^1], 0x8A, 0xFF, .. " exceeded\"}"u8];

    private static ModelDeploymentClient ClientAnsweringFailedWithBrokenMessage(MockHttpMessageHandler mock)
    {
        mock.When("https://kore.example/api/public/dock-status/ds-1").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(FailedWithBrokenMessage) });
        return ReliabilitySetup.Client(mock, new IsolatedClock());
    }

    [Fact]
    public async Task A_failed_job_whose_message_is_not_utf8_still_ends_the_wait_with_KoreJobFailedException()
    {
        using var mock = new MockHttpMessageHandler();
        var client = ClientAnsweringFailedWithBrokenMessage(mock);

        var failure = await client.GetDockOperation("ds-1").Invoking(o => o.WaitForCompletionAsync()).Should().ThrowAsync<KoreJobFailedException>();

        failure.Which.DockStatusId.Should().Be("ds-1");
        failure.Which.Message.Should().Contain("ds-1");
    }

    [Fact]
    public async Task Reading_the_message_of_a_status_that_is_not_utf8_does_not_throw()
    {
        using var mock = new MockHttpMessageHandler();
        var client = ClientAnsweringFailedWithBrokenMessage(mock);

        var status = await client.GetDockStatusAsync("ds-1");

        status.Invoking(s => s.Message).Should().NotThrow();
        status.Invoking(s => s.ToString()).Should().NotThrow();
    }

    [Theory]
    [InlineData("{\"errors\":[{\"msg\":\"quota #\",\"code\":\"#\"}]}")]
    [InlineData("{\"message\":\"quota #\"}")]
    public async Task An_error_body_whose_message_is_not_utf8_still_gives_a_KoreApiException(string template)
    {
        // '#' marks where a byte that cannot start a UTF-8 character goes.
        var body = System.Text.Encoding.UTF8.GetBytes(template).Select(b => b == (byte)'#' ? (byte)0x8A : b).ToArray();
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new ByteArrayContent(body) });
        var client = ReliabilitySetup.Client(mock, new IsolatedClock());

        var failure = await client.Invoking(c => c.GetDockStatusAsync("ds-1")).Should().ThrowAsync<KoreApiException>();

        failure.Which.Kind.Should().Be(KoreErrorKind.BadRequest);
    }
}
