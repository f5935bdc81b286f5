using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Validation;

/// <summary>The <c>modelType</c> query parameter: required, and one of the two documented values unless allowed.</summary>
public class ModelTypeTests
{
    [Fact]
    public async Task Default_model_type_is_refused_even_when_undocumented_values_are_allowed()
    {
        var mock = new CountingMock();

        var call = () => mock.Client(o => o.AllowUndocumentedValues = true).DeployAsync(TestIds.ModelId, default, TestClients.ValidRequest);

        var error = (await call.Should().ThrowExactlyAsync<KoreValidationException>()).Which.Errors.Single();
        error.Path.Should().Be("modelType");
        error.AttemptedValue.Should().BeNull();
        error.Message.Should().Contain("\"openSource\"").And.Contain("\"fineTune\"");
        mock.RequestCount.Should().Be(0);
    }

    [Fact]
    public async Task Undocumented_model_type_is_refused_by_default()
    {
        var mock = new CountingMock();

        var call = () => mock.Client().DeployAsync(TestIds.ModelId, new ModelType("base"), TestClients.ValidRequest);

        var error = (await call.Should().ThrowExactlyAsync<KoreValidationException>()).Which.Errors.Single();
        error.Should().Be(new KoreValidationError("modelType", "\"base\"", "must be \"openSource\" or \"fineTune\""));
        mock.RequestCount.Should().Be(0);
    }

    [Fact]
    public async Task Undocumented_model_type_is_sent_escaped_when_allowed()
    {
        var mock = new CountingMock();

        await mock.Client(o => o.AllowUndocumentedValues = true).DeployAsync(TestIds.ModelId, new ModelType("base&x=1"), TestClients.ValidRequest);

        mock.Script.Requests.Single().Uri.AbsoluteUri.Should().Be($"{TestClients.Host}/api/public/models/{TestIds.ModelId}/deploy?modelType=base%26x%3D1");
    }

    [Theory]
    [InlineData("openSource")]
    [InlineData("fineTune")]
    public async Task Documented_model_types_are_sent_as_the_query(string modelType)
    {
        var mock = new CountingMock();

        await mock.Client().DeployAsync(TestIds.ModelId, new ModelType(modelType), TestClients.ValidRequest);

        mock.Script.Requests.Single().Url.Should().Be(TestClients.DeployUrl(modelType));
    }
}
