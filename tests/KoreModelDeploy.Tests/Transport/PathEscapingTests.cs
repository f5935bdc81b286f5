using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Transport;

/// <summary>An id is one path segment whatever it contains: reserved characters are escaped, never interpreted.</summary>
public class PathEscapingTests
{
    [Theory]
    [InlineData("cm/../../admin", "cm%2F..%2F..%2Fadmin")]
    [InlineData("cm?modelType=fineTune", "cm%3FmodelType%3DfineTune")]
    [InlineData("cm#fragment", "cm%23fragment")]
    [InlineData("cm%2Fescaped", "cm%252Fescaped")]
    [InlineData("cm-ü", "cm-%C3%BC")]
    [InlineData("a/..", "a%2F..")]
    public async Task Model_id_is_escaped_into_one_segment(string modelId, string escaped)
    {
        var mock = new CountingMock();

        await mock.Client().DeployAsync(modelId, ModelType.FineTune, TestClients.ValidRequest);

        var sent = mock.Script.Requests.Single().Uri;
        sent.AbsoluteUri.Should().Be($"{TestClients.Host}/api/public/models/{escaped}/deploy?modelType=fineTune");
        sent.Query.Should().Be("?modelType=fineTune");
        sent.Fragment.Should().BeEmpty();
    }

    [Theory]
    [InlineData("ds/1", "ds%2F1")]
    [InlineData("ds?x=1", "ds%3Fx%3D1")]
    [InlineData("ds#1", "ds%231")]
    [InlineData("ds%2F1", "ds%252F1")]
    public async Task Dock_status_id_is_escaped_into_one_segment(string id, string escaped)
    {
        var mock = new CountingMock(TestClients.InProgressStatusJson);

        await mock.Client().GetDockStatusAsync(id);

        mock.Script.Requests.Single().Uri.AbsoluteUri.Should().Be($"{TestClients.Host}/api/public/dock-status/{escaped}");
    }

    [Fact]
    public async Task Undeploy_escapes_the_model_id()
    {
        var mock = new CountingMock();

        await mock.Client().UndeployAsync("cm/x?y#z");

        mock.Script.Requests.Single().Uri.AbsoluteUri.Should().Be($"{TestClients.Host}/api/public/models/cm%2Fx%3Fy%23z/undeploy");
    }

    [Theory]
    [InlineData("cm 1")]
    [InlineData("cm\t1")]
    public async Task White_space_in_an_id_is_refused_not_escaped(string modelId)
    {
        var mock = new CountingMock();

        var call = () => mock.Client().UndeployAsync(modelId);

        await call.Should().ThrowExactlyAsync<KoreValidationException>();
        mock.RequestCount.Should().Be(0);
    }
}
