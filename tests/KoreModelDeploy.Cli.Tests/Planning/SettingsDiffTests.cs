using KoreModelDeploy.Cli.Planning;

namespace KoreModelDeploy.Cli.Tests.Planning;

public sealed class SettingsDiffTests
{
    private const string Before = """{"name":"m","hyperParameters":{"temperature":0.7,"topK":50,"stopSequence":["a"]},"scalingParameters":{"maxReplicas":2},"deviceType":"g5.xlarge"}""";

    [Fact]
    public void Equal_settings_have_no_changes()
    {
        SettingsDiff.Compare("openSource", Before, "openSource", Before).Should().BeEmpty();
    }

    [Fact]
    public void A_scalar_a_nested_member_and_an_array_are_each_one_change_by_their_set_path()
    {
        const string After = """{"name":"m","hyperParameters":{"temperature":0.5,"topK":50,"stopSequence":["a","b"]},"scalingParameters":{"maxReplicas":6},"deviceType":"g5.xlarge"}""";

        var changes = SettingsDiff.Compare("openSource", Before, "openSource", After);

        changes.Should().Equal(
            new SettingChange("hyperParameters.temperature", SettingChangeKind.Changed, "0.7", "0.5"),
            new SettingChange("hyperParameters.stopSequence", SettingChangeKind.Changed, """["a"]""", """["a","b"]"""),
            new SettingChange("scalingParameters.maxReplicas", SettingChangeKind.Changed, "2", "6"));
        changes[2].ToString().Should().Be("~ scalingParameters.maxReplicas: 2 → 6");
    }

    [Fact]
    public void Members_added_and_removed_are_named_with_their_value_and_a_whole_object_counts_as_one()
    {
        const string After = """{"name":"m","hyperParameters":{"temperature":0.7,"topK":50,"stopSequence":["a"],"topP":0.9},"deviceType":"g5.xlarge","quantization":{"type":"int8"}}""";

        var changes = SettingsDiff.Compare("openSource", Before, "openSource", After);

        changes.Should().Equal(
            new SettingChange("hyperParameters.topP", SettingChangeKind.Added, null, "0.9"),
            new SettingChange("quantization", SettingChangeKind.Added, null, """{"type":"int8"}"""),
            new SettingChange("scalingParameters", SettingChangeKind.Removed, """{"maxReplicas":2}""", null));
        changes.Select(c => c.ToString()).Should().Equal("+ hyperParameters.topP: 0.9", """+ quantization: {"type":"int8"}""", """- scalingParameters: {"maxReplicas":2}""");
    }

    [Fact]
    public void The_model_type_is_compared_and_isDeployedPreviously_never_is()
    {
        var changes = SettingsDiff.Compare("openSource", """{"name":"m","isDeployedPreviously":false}""", "fineTune", """{"name":"m","isDeployedPreviously":true}""");

        changes.Should().Equal(new SettingChange("modelType", SettingChangeKind.Changed, "\"openSource\"", "\"fineTune\""));
    }
}
