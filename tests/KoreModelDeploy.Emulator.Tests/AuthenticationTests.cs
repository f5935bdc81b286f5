using System.Net;
using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

public sealed class AuthenticationTests
{
    public static TheoryData<string?, string> MissingOrWrongKeys => new()
    {
        { null, "deploy" }, { null, "undeploy" }, { null, "status" },
        { "kg-wrong-key-123", "deploy" }, { "kg-wrong-key-123", "undeploy" }, { "kg-wrong-key-123", "status" },
        { "", "deploy" },
    };

    [Theory]
    [MemberData(nameof(MissingOrWrongKeys))]
    public async Task A_missing_or_wrong_key_is_answered_401_in_the_error_envelope_without_echoing_any_key(string? key, string call)
    {
        await using var emulator = await StartAsync(options => options.ApiKey = "kg-secret-under-test");
        using var client = CreateClient(emulator, key);

        using var response = call switch
        {
            "deploy" => await DeployAsync(client, "cm-1", SampleOpenSourceBody),
            "undeploy" => await UndeployAsync(client, "cm-1"),
            _ => await StatusAsync(client, "ds-1"),
        };

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().NotContain("kg-secret-under-test");
        if (!string.IsNullOrEmpty(key))
        {
            text.Should().NotContain(key);
        }

        (await ReadErrorsAsync(response, 401)).Should().ContainSingle();
        emulator.GetDeployedModelIds().Should().BeEmpty();
    }

    [Fact]
    public async Task A_key_that_only_differs_in_case_is_rejected()
    {
        await using var emulator = await StartAsync(options => options.ApiKey = "kg-Secret");
        using var client = CreateClient(emulator, "kg-secret");

        using var response = await StatusAsync(client, "ds-1");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_configured_key_is_accepted_and_the_default_key_is_the_documented_one()
    {
        await using var emulator = await StartAsync();
        using var client = CreateClient(emulator);

        using var response = await StatusAsync(client, "ds-unknown");

        emulator.ApiKey.Should().Be(KoreEmulatorOptions.DefaultApiKey).And.Be("kg-emulator-local-key");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "the key passed, so the unknown id is what fails");
    }

    [Fact]
    public async Task The_emulator_listens_on_loopback_with_a_dynamic_port()
    {
        await using var emulator = await StartAsync();

        emulator.BaseAddress.Host.Should().Be("127.0.0.1");
        emulator.BaseAddress.Port.Should().BeGreaterThan(0);
        emulator.BaseAddress.AbsolutePath.Should().Be("/");
    }

    [Fact]
    public async Task Invalid_options_are_rejected_before_listening()
    {
        var act = () => KoreEmulator.StartAsync(new KoreEmulatorOptions { FailedJobFraction = 1.5 });

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("FailedJobFraction");
    }
}
