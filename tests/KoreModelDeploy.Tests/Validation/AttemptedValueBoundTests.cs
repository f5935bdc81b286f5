using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Validation;

/// <summary>A huge value in a request makes a short validation message that still says how long the value was.</summary>
public sealed class AttemptedValueBoundTests
{
    [Fact]
    public async Task A_fifty_million_character_device_type_makes_a_short_message()
    {
        var huge = new string('g', 50_000_000);
        var mock = TestClients.StrictMock();
        var client = TestClients.Create(mock);

        var error = (await client.Invoking(c => c.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest with { DeviceType = new DeviceType(huge) }))
            .Should().ThrowExactlyAsync<KoreValidationException>()).Which;

        var deviceType = error.Errors.Should().ContainSingle().Which;
        deviceType.Path.Should().Be("deviceType");
        deviceType.AttemptedValue.Should().HaveLength("\"".Length + 100 + "…\" (50000000 characters)".Length).And.EndWith("…\" (50000000 characters)");
        error.Message.Length.Should().BeLessThan(1_000);
    }

    [Fact]
    public async Task Every_quoted_value_is_bounded_name_and_model_type_included()
    {
        var mock = TestClients.StrictMock();
        var client = TestClients.Create(mock);
        var request = TestClients.ValidRequest with { Name = new string(' ', 1_000_000) };

        var error = (await client.Invoking(c => c.DeployAsync(TestIds.ModelId, new ModelType(new string('m', 1_000_000)), request))
            .Should().ThrowExactlyAsync<KoreValidationException>()).Which;

        error.Errors.Select(e => e.Path).Should().BeEquivalentTo(["modelType", "name"]);
        error.Errors.Should().AllSatisfy(e => e.AttemptedValue!.Length.Should().BeLessThan(140));
        error.Message.Length.Should().BeLessThan(1_000);
    }

    [Fact]
    public async Task A_value_at_the_bound_is_repeated_whole()
    {
        var exact = new string('d', 100);
        var client = TestClients.Create(TestClients.StrictMock());

        var error = (await client.Invoking(c => c.DeployAsync(TestIds.ModelId, ModelType.OpenSource, TestClients.ValidRequest with { DeviceType = new DeviceType(exact) }))
            .Should().ThrowExactlyAsync<KoreValidationException>()).Which;

        error.Errors.Single().AttemptedValue.Should().Be("\"" + exact + "\"");
    }
}
