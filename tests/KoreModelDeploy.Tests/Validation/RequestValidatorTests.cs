using KoreModelDeploy.Models;
using KoreModelDeploy.Tests.TestSupport;

namespace KoreModelDeploy.Tests.Validation;

/// <summary><see cref="KoreRequestValidator"/> checks what the client checks before sending, without a client.</summary>
public class RequestValidatorTests
{
    private static readonly DeployModelRequest Valid = new()
    {
        Name = "gpt2",
        HyperParameters = new HyperParameters { Temperature = 1, MaxTokens = 512, TopP = 1, TopK = 50 },
        DeviceType = DeviceType.G5XLarge,
    };

    private static readonly DeployModelRequest Broken = Valid with
    {
        Name = " ",
        HyperParameters = new HyperParameters { Temperature = 2.5, MaxTokens = 512, TopP = 1, TopK = 0 },
        DeviceType = new DeviceType("p5.48xlarge"),
    };

    [Fact]
    public void A_valid_request_has_no_violations_and_does_not_throw()
    {
        KoreRequestValidator.Validate(Valid, "cm-model", ModelType.OpenSource).Should().BeEmpty();

        var act = () => KoreRequestValidator.ThrowIfInvalid(Valid, "cm-model", ModelType.OpenSource);

        act.Should().NotThrow();
    }

    [Fact]
    public async Task Lists_exactly_what_the_client_refuses_in_the_same_order()
    {
        var mock = new CountingMock();
        var deploy = () => mock.Client().DeployAsync("..", new ModelType("base"), Broken);
        var fromClient = (await deploy.Should().ThrowExactlyAsync<KoreValidationException>()).Which.Errors;

        var listed = KoreRequestValidator.Validate(Broken, "..", new ModelType("base"));

        listed.Should().Equal(fromClient);
        listed.Select(e => e.Path).Should().Equal("modelId", "modelType", "name", "hyperParameters.temperature", "hyperParameters.topK", "deviceType");
    }

    [Fact]
    public void The_throwing_form_carries_every_violation()
    {
        var act = () => KoreRequestValidator.ThrowIfInvalid(Broken);

        var thrown = act.Should().ThrowExactly<KoreValidationException>().Which;
        thrown.Errors.Should().Equal(KoreRequestValidator.Validate(Broken));
        thrown.Errors.Select(e => e.Path).Should().Equal("name", "hyperParameters.temperature", "hyperParameters.topK", "deviceType");
    }

    [Fact]
    public void Model_id_and_type_are_checked_only_when_given()
    {
        KoreRequestValidator.Validate(Valid).Should().BeEmpty();
        KoreRequestValidator.Validate(Valid, modelId: "a b").Should().ContainSingle().Which.Path.Should().Be("modelId");
        KoreRequestValidator.Validate(Valid, modelType: new ModelType("base")).Should().ContainSingle().Which.Path.Should().Be("modelType");
    }

    [Fact]
    public void Undocumented_values_pass_only_when_allowed()
    {
        var request = Valid with { DeviceType = new DeviceType("g7.xlarge") };

        KoreRequestValidator.Validate(request, null, new ModelType("base")).Select(e => e.Path).Should().Equal("modelType", "deviceType");
        KoreRequestValidator.Validate(request, null, new ModelType("base"), allowUndocumentedValues: true).Should().BeEmpty();
    }

    [Fact]
    public void A_null_request_is_an_argument_error()
    {
        var act = () => KoreRequestValidator.Validate(null!);

        act.Should().ThrowExactly<ArgumentNullException>().WithParameterName("request");
    }

    [Theory]
    [InlineData("ds-123", true)]
    [InlineData("a b", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_dock_status_id_is_checked_by_the_rule_the_client_applies_before_a_status_call(string? id, bool usable)
    {
        var errors = KoreRequestValidator.ValidateDockStatusId(id);

        errors.Should().HaveCount(usable ? 0 : 1);
        errors.Select(e => e.Path).Distinct().Should().BeEquivalentTo(usable ? [] : new[] { "dockStatusId" });
        KoreRequestValidator.ValidateDockStatusId(new string('x', 257)).Should().ContainSingle().Which.Message.Should().Contain("at most 256");
    }
}
