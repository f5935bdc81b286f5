using System.Net;
using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace KoreModelDeploy.Tests.Errors;

/// <summary>
/// A deploy that failed after its request went out may still have started a job: the error must say so, and must not
/// invite a retry, while the same failure on Get Dock Status stays safe to repeat.
/// </summary>
public sealed class AmbiguousFailureTests
{
    [Fact]
    public async Task A_5xx_after_a_deploy_may_have_been_processed_and_is_not_transient()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(HttpStatusCode.BadGateway);

        var error = await Deploy(mock);

        error.RequestMayHaveBeenProcessed.Should().BeTrue();
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Contain("calling again could start a second job");
    }

    [Fact]
    public async Task A_5xx_on_get_dock_status_is_transient_and_was_not_processed()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Respond(HttpStatusCode.BadGateway);
        var client = TestClients.Create(mock, o => o.Retry.MaxRetries = 0);

        var error = (await client.Invoking(c => c.GetDockStatusAsync(TestIds.DockStatusId)).Should().ThrowAsync<KoreApiException>()).Which;

        error.RequestMayHaveBeenProcessed.Should().BeFalse();
        error.IsTransient.Should().BeTrue();
    }

    [Fact]
    public async Task A_refused_deploy_was_not_processed()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl()).Respond(HttpStatusCode.TooManyRequests);

        var error = await Deploy(mock, o => o.Retry.MaxRetries = 0);

        error.Kind.Should().Be(KoreErrorKind.RateLimited);
        error.RequestMayHaveBeenProcessed.Should().BeFalse();
        error.IsTransient.Should().BeTrue();
    }

    [Fact]
    public async Task A_deploy_answer_with_an_unusable_id_is_an_invalid_response_keeping_the_evidence()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Post, TestClients.DeployUrl())
            .Respond(() =>
            {
                var response = Responses.Json(HttpStatusCode.Created, """{"dock-statusId":"..","status":"IN_PROGRESS"}""");
                response.Headers.TryAddWithoutValidation("x-request-id", "req-77");
                return Task.FromResult(response);
            });
        var client = TestClients.Create(mock);

        var error = (await client.Invoking(c => c.StartDeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest)).Should().ThrowAsync<KoreApiException>()).Which;

        error.Kind.Should().Be(KoreErrorKind.InvalidResponse, "a job was started; the answer is unreadable, the caller's input was fine");
        error.Status.Should().Be(201);
        error.RequestId.Should().Be("req-77");
        error.ResponseBody.Should().Contain("dock-statusId");
        error.RequestMayHaveBeenProcessed.Should().BeTrue();
    }

    [Fact]
    public async Task A_failure_thrown_by_a_handler_of_the_callers_own_arrives_as_the_one_exception_type()
    {
        var mock = TestClients.StrictMock();
        mock.When(HttpMethod.Get, TestClients.DockStatusUrl).Throw(new InvalidOperationException("proxy handler misconfigured"));
        var client = TestClients.Create(mock, o => o.Retry.MaxRetries = 0);

        var error = (await client.Invoking(c => c.GetDockStatusAsync(TestIds.DockStatusId)).Should().ThrowAsync<KoreApiException>()).Which;

        error.Kind.Should().Be(KoreErrorKind.Network);
        error.InnerException.Should().BeOfType<InvalidOperationException>();
    }

    private static async Task<KoreApiException> Deploy(MockHttpMessageHandler mock, Action<KoreModelDeployOptions>? configure = null)
    {
        var client = TestClients.Create(mock, configure);
        return (await client.Invoking(c => c.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest)).Should().ThrowAsync<KoreApiException>()).Which;
    }
}
