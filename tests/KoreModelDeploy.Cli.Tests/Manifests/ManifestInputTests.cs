using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Tests.Manifests;

/// <summary>What a manifest may not hold: text that is no Unicode, names that leave the folder, ids that look alike, a host repeated.</summary>
public sealed class ManifestInputTests
{
    private static string With(string environments, string models) =>
        $$"""{ "environments": { {{environments}} }, "models": [ {{models}} ] }""";

    private const string Prod = "\"prod\": { \"host\": \"https://prod.example.test\" }";

    private static string Model(string id) => $$"""{ "modelId": "{{id}}", "modelType": "openSource", "request": { "name": "n" } }""";

    [Fact]
    public void A_lone_surrogate_is_a_manifest_violation_not_an_unexpected_error()
    {
        var act = () => ManifestReader.Parse(With(Prod, Model("m").Replace("\"n\"", "\"\\ud800\"", StringComparison.Ordinal)));

        act.Should().Throw<ManifestException>().Which.Violations.Should().ContainSingle()
            .Which.Message.Should().Contain("unpaired UTF-16 surrogate").And.Contain("line 1");
    }

    [Fact]
    public void A_host_that_is_no_URL_is_not_repeated()
    {
        var act = () => ManifestReader.Parse(With("\"prod\": { \"host\": \"ftp://user:kg-pasted-secret@x\" }", Model("m")));

        var violation = act.Should().Throw<ManifestException>().Which.Violations.Should().ContainSingle().Subject;
        violation.Path.Should().Be("environments.prod.host");
        violation.ToString().Should().NotContain("kg-pasted-secret");
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("a\\nb")]
    [InlineData(".hidden")]
    [InlineData("-flag")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("prod\\n")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345")]
    public void An_environment_name_that_cannot_be_part_of_a_file_name_is_refused(string name)
    {
        var act = () => ManifestReader.Parse(With($"\"{name}\": {{ \"host\": \"https://prod.example.test\" }}", Model("m")));

        act.Should().Throw<ManifestException>().Which.Violations.Should().Contain(v => v.Message.Contains(EnvironmentName.Pattern, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("eu-west_1.blue")]
    [InlineData("0")]
    public void An_ordinary_environment_name_is_accepted(string name) =>
        ManifestReader.Parse(With($"\"{name}\": {{ \"host\": \"https://prod.example.test\" }}", Model("m"))).Environments.Should().ContainKey(name);

    [Theory]
    [InlineData("caf\u00e9", "cafe\u0301", "U+0301")]
    [InlineData("model", "model\u200b", "U+200B")]
    [InlineData("model-a", "model-a\u202e", "U+202E")]
    [InlineData("file", "\ufb01le", "U+FB01")]
    public void Model_ids_that_can_look_alike_are_refused(string plain, string lookAlike, string character)
    {
        var act = () => ManifestReader.Parse(With(Prod, Model(plain) + ", " + Model(lookAlike)));

        var violation = act.Should().Throw<ManifestException>().Which.Violations.Should().ContainSingle().Subject;
        violation.Path.Should().Be("models[1].modelId");
        violation.Message.Should().Contain(character);
        if (character != "U+FB01")
        {
            violation.Message.Should().Contain($"models[0].modelId '{plain}'", "both ids are named");
        }
    }
}
