using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Tests.Manifests;

public sealed class ManifestReaderTests
{
    [Fact]
    public void Reads_comments_and_trailing_commas()
    {
        var manifest = ManifestReader.Parse("""
            {
              // shared by every model
              "defaults": { "deviceType": "g5.xlarge", },
              "environments": {
                "staging": { "host": "https://staging.example.test", },
                /* production */
                "prod": { "host": "https://agent-platform.kore.ai", "overrides": { "scalingParameters": { "maxReplicas": 4 } } },
              },
              "models": [
                { "modelId": "m-1", "modelType": "openSource", "request": { "name": "one" },
                  "environments": { "prod": { "modelId": "m-1-prod" } } },
              ],
            }
            """);

        manifest.Environments.Keys.Should().BeEquivalentTo("staging", "prod");
        manifest.Environments["prod"].Host.Should().Be(new Uri("https://agent-platform.kore.ai"));
        manifest.Models.Should().ContainSingle().Which.Environments["prod"].ModelId.Should().Be("m-1-prod");
    }

    [Fact]
    public void An_environment_may_name_its_journal_and_a_uri_with_a_password_is_a_violation_that_never_repeats_it()
    {
        const string template = """
            { "environments": { "prod": { "host": "https://prod.example.test", "journal": "JOURNAL" } },
              "models": [ { "modelId": "m-1", "modelType": "openSource", "request": { "name": "one" } } ] }
            """;

        ManifestReader.Parse(template.Replace("JOURNAL", "postgres://deploy@db.example.test/kore", StringComparison.Ordinal))
            .Environments["prod"].Journal.Should().Be("postgres://deploy@db.example.test/kore");
        ManifestReader.Parse(template.Replace("JOURNAL", "journals/prod.jsonl", StringComparison.Ordinal))
            .Environments["prod"].Journal.Should().Be("journals/prod.jsonl");

        var act = () => ManifestReader.Parse(template.Replace("JOURNAL", "postgres://deploy:hunter2-secret@db.example.test/kore", StringComparison.Ordinal));

        var violation = act.Should().Throw<ManifestException>().Which;
        violation.Violations.Should().ContainSingle().Which.Path.Should().Be("environments.prod.journal");
        violation.Message.Should().Contain("PGPASSWORD").And.NotContain("hunter2-secret");
    }

    [Fact]
    public void Names_every_structural_problem_at_once()
    {
        var act = () => ManifestReader.Parse("""
            {
              "defualts": {},
              "environments": {
                "prod": { "host": "not a url" },
                "dev": { "host": "https://dev.example.test", "overide": {} }
              },
              "models": [
                { "modelType": "openSource" },
                { "modelId": "m-2", "modelType": "", "request": [] },
                { "modelId": "m-3", "modelType": "fineTune", "environments": { "qa": { "modelId": "m-3-qa" } } }
              ]
            }
            """);

        var violations = act.Should().Throw<ManifestException>().Which.Violations.Select(v => v.Path);
        violations.Should().BeEquivalentTo(
            "defualts",
            "environments.prod.host",
            "environments.dev.overide",
            "models[0].modelId",
            "models[1].modelType",
            "models[1].request",
            "models[2].environments.qa");
    }

    [Fact]
    public void Refuses_a_key_written_twice_since_one_of_its_values_would_be_lost_silently()
    {
        var act = () => ManifestReader.Parse("""
            { "environments": { "prod": { "host": "https://a.example.test", "host": "https://b.example.test" } },
              "models": [ { "modelId": "m", "modelType": "openSource" } ] }
            """);

        act.Should().Throw<ManifestException>().Which.Violations.Should().ContainSingle()
            .Which.Message.Should().Contain("not valid JSON").And.Contain("'host'");
    }

    [Fact]
    public void Says_where_the_JSON_breaks()
    {
        var act = () => ManifestReader.Parse("{\n \"models\": [ }");

        act.Should().Throw<ManifestException>().Which.Message.Should().Contain("line 2");
    }
}
