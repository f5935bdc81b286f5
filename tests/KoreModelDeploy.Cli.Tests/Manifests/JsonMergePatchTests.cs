using System.Text.Json.Nodes;
using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Tests.Manifests;

public sealed class JsonMergePatchTests
{
    // RFC 7396, Appendix A, every example.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Follows_every_example_of_RFC_7396(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Merge(JsonNode.Parse(target), JsonNode.Parse(patch));

        (result?.ToJsonString() ?? "null").Should().Be(JsonNode.Parse(expected)?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Leaves_both_inputs_as_they_were_so_shared_layers_serve_every_model()
    {
        var target = JsonNode.Parse("""{"hyperParameters":{"topK":50,"topP":1}}""");
        var patch = JsonNode.Parse("""{"hyperParameters":{"topK":40,"topP":null}}""");

        JsonMergePatch.Merge(target, patch)!.ToJsonString().Should().Be("""{"hyperParameters":{"topK":40}}""");

        target!.ToJsonString().Should().Be("""{"hyperParameters":{"topK":50,"topP":1}}""");
        patch!.ToJsonString().Should().Be("""{"hyperParameters":{"topK":40,"topP":null}}""");
    }
}
