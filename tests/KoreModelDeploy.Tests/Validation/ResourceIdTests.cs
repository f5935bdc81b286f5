using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Validation;

/// <summary>
/// Ids become URL path segments: anything escaping cannot make safe, or that is plainly not an id, is refused
/// before a request is made, by every method that takes one.
/// </summary>
public class ResourceIdTests
{
    public static TheoryData<string?, string> BadIds => new()
    {
        { null, "is required" },
        { "", "must not be empty or blank" },
        { "   ", "must not be empty or blank" },
        { ".", "must not be a relative path segment" },
        { "..", "must not be a relative path segment" },
        { "cm-1\u0000", "must not contain control or white-space characters" },
        { "cm-1\r\nx-api-key: stolen", "must not contain control or white-space characters" },
        { "cm-\u007f1", "must not contain control or white-space characters" },
        { "cm 1", "must not contain control or white-space characters" },
        { new string('a', 257), "must be at most 256 characters long (was 257)" },
        { new string('a', 100_000), "must be at most 256 characters long (was 100000)" },
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Deploy_refuses_a_bad_model_id(string? id, string message)
    {
        var mock = new CountingMock();

        var call = () => mock.Client().DeployAsync(id!, ModelType.OpenSource, TestClients.ValidRequest);

        AssertRefused(await call.Should().ThrowExactlyAsync<KoreValidationException>(), "modelId", message);
        mock.RequestCount.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Undeploy_refuses_a_bad_model_id(string? id, string message)
    {
        var mock = new CountingMock();

        var call = () => mock.Client().UndeployAsync(id!);

        AssertRefused(await call.Should().ThrowExactlyAsync<KoreValidationException>(), "modelId", message);
        mock.RequestCount.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Get_dock_status_refuses_a_bad_id(string? id, string message)
    {
        var mock = new CountingMock(TestClients.InProgressStatusJson);

        var call = () => mock.Client().GetDockStatusAsync(id!);

        AssertRefused(await call.Should().ThrowExactlyAsync<KoreValidationException>(), "dockStatusId", message);
        mock.RequestCount.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public void Resuming_an_operation_refuses_a_bad_id(string? id, string message)
    {
        var mock = new CountingMock(TestClients.InProgressStatusJson);

        var resume = () => mock.Client().GetDockOperation(id!);

        resume.Should().ThrowExactly<KoreValidationException>().Which.Errors.Single().Message.Should().Be(message);
        mock.RequestCount.Should().Be(0);
    }

    [Fact]
    public async Task Id_of_the_maximum_length_is_sent()
    {
        var mock = new CountingMock();
        var id = new string('a', 256);

        await mock.Client().UndeployAsync(id);

        mock.Script.Requests.Single().Url.Should().Be($"{TestClients.Host}/api/public/models/{id}/undeploy");
    }

    [Fact]
    public async Task Long_id_is_shown_shortened_in_the_error()
    {
        var mock = new CountingMock();

        var call = () => mock.Client().UndeployAsync(new string('a', 5000));

        var error = (await call.Should().ThrowExactlyAsync<KoreValidationException>()).Which.Errors.Single();
        error.AttemptedValue!.Length.Should().BeLessThan(40);
    }

    [Fact]
    public async Task Control_characters_are_not_echoed_raw_into_the_error()
    {
        var mock = new CountingMock();

        var call = () => mock.Client().UndeployAsync("cm-1\r\nx-api-key: stolen");

        var thrown = await call.Should().ThrowExactlyAsync<KoreValidationException>();
        thrown.Which.Errors.Single().AttemptedValue.Should().NotContain("\r").And.NotContain("\n");
    }

    private static void AssertRefused(FluentAssertions.Specialized.ExceptionAssertions<KoreValidationException> thrown, string path, string message)
    {
        var error = thrown.Which.Errors.Should().ContainSingle().Subject;
        error.Path.Should().Be(path);
        error.Message.Should().Be(message);
        thrown.Which.ParamName.Should().Be(path);
    }
}
