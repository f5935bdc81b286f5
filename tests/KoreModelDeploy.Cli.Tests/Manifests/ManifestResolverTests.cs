using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Tests.Manifests;

public sealed class ManifestResolverTests
{
    private static readonly string Layered = $$"""
        {
          "defaults": {{TestSupport.Manifests.ValidDefaults}},
          "environments": {
            "staging": { "host": "https://staging.example.test" },
            "prod": { "host": "https://prod.example.test",
                      "overrides": { "scalingParameters": { "maxReplicas": 4, "minReplicas": 2 }, "hyperParameters": { "topK": 30 } } }
          },
          "models": [
            { "modelId": "summarizer-dev", "modelType": "openSource",
              "request": { "name": "summarizer", "hyperParameters": { "topK": 40, "temperature": 0.5 } },
              "environments": { "prod": { "modelId": "summarizer-prod", "overrides": { "scalingParameters": { "maxReplicas": 8, "maxBatchSize": null } } } } }
          ]
        }
        """;

    [Fact]
    public void Merges_defaults_then_the_request_then_the_environment_then_the_models_own_overrides()
    {
        var manifest = ManifestReader.Parse(Layered);

        var prod = ManifestResolver.Resolve(manifest, "prod").Models.Single();
        var staging = ManifestResolver.Resolve(manifest, "staging").Models.Single();

        prod.ModelId.Should().Be("summarizer-prod", "an environment may give the model another id");
        prod.Request.HyperParameters.TopK.Should().Be(30, "the environment's overrides come after the model's request");
        prod.Request.HyperParameters.Temperature.Should().Be(0.5, "the model's request comes after the defaults");
        prod.Request.HyperParameters.MaxTokens.Should().Be(512, "the defaults are the base");
        prod.Request.ScalingParameters!.MaxReplicas.Should().Be(8, "the model's own overrides for the environment come last");
        prod.Request.ScalingParameters.MinReplicas.Should().Be(2);
        prod.Request.ScalingParameters.MaxBatchSize.Should().BeNull("null removes a member, as RFC 7396 says");
        prod.Request.IsDeployedPreviously.Should().BeNull("apply sets the flag itself");

        staging.ModelId.Should().Be("summarizer-dev");
        staging.Request.HyperParameters.TopK.Should().Be(40);
        staging.Request.ScalingParameters!.MaxReplicas.Should().Be(2);
        staging.Fingerprint.Should().NotBe(prod.Fingerprint);
    }

    [Fact]
    public void Reports_every_violation_of_every_model_before_anything_is_sent()
    {
        var manifest = ManifestReader.Parse($$"""
            {
              "defaults": {{TestSupport.Manifests.ValidDefaults}},
              "environments": { "prod": { "host": "https://prod.example.test" } },
              "models": [
                { "modelId": "a", "modelType": "openSource", "request": { "name": "a", "hyperParameters": { "topK": 0, "temperature": 9 } } },
                { "modelId": "b", "modelType": "closedSource", "request": { "name": "b", "deviceType": "g9.huge" } },
                { "modelId": "c", "modelType": "openSource", "request": { "name": "c", "hyperParameter": {}, "isDeployedPreviouly": true } },
                { "modelId": "a", "modelType": "openSource", "request": { "name": "a again" } },
                { "modelId": "d e", "modelType": "openSource", "request": { "name": "d" } },
                { "modelId": "f", "modelType": "openSource", "request": { "name": "f", "scalingParameters": { "minReplicas": "two" } } }
              ]
            }
            """);

        var act = () => ManifestResolver.Resolve(manifest, "prod");

        var paths = act.Should().Throw<ManifestException>().Which.Violations.Select(v => v.Path).ToList();
        paths.Should().Contain(p => p.StartsWith("models[0] (a).hyperParameters.topK", StringComparison.Ordinal));
        paths.Should().Contain(p => p.StartsWith("models[0] (a).hyperParameters.temperature", StringComparison.Ordinal));
        paths.Should().Contain(p => p.StartsWith("models[1] (b).modelType", StringComparison.Ordinal));
        paths.Should().Contain(p => p.StartsWith("models[1] (b).deviceType", StringComparison.Ordinal));
        paths.Should().Contain("models[2] (c).hyperParameter");
        paths.Should().Contain("models[2] (c).isDeployedPreviouly");
        paths.Should().Contain("models[3] (a)", "an id may appear once per environment");
        paths.Should().Contain(p => p.StartsWith("models[4] (d e).modelId", StringComparison.Ordinal));
        paths.Should().Contain(p => p.StartsWith("models[5] (f)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_member_spelled_in_the_wrong_case_is_refused_with_the_right_spelling()
    {
        var manifest = ManifestReader.Parse($$"""
            {
              "defaults": {{TestSupport.Manifests.ValidDefaults}},
              "environments": { "prod": { "host": "https://prod.example.test" } },
              "models": [ { "modelId": "a", "modelType": "openSource", "request": { "name": "a", "scalingParameters": { "maxreplicas": 4 } } } ]
            }
            """);

        var act = () => ManifestResolver.Resolve(manifest, "prod");

        act.Should().Throw<ManifestException>().Which.Violations.Should().ContainSingle()
            .Which.Should().Be(new ManifestViolation("models[0] (a).scalingParameters.maxreplicas", "not a member of scalingParameters; did you mean scalingParameters.maxReplicas?"));
    }

    [Fact]
    public void Names_the_environments_there_are_when_asked_for_one_that_is_not()
    {
        var act = () => ManifestResolver.Resolve(ManifestReader.Parse(Layered), "production");

        act.Should().Throw<ManifestException>().Which.Message.Should().Contain("'production'").And.Contain("prod, staging");
    }

    [Fact]
    public void The_fingerprint_follows_the_settings_and_the_type_but_not_the_previously_deployed_flag()
    {
        var request = KoreModelDeployJson.ParseDeployModelRequest(VendorSampleJson.OpenSourceRequest);

        var fingerprint = RequestFingerprint.Compute("openSource", request);

        RequestFingerprint.Compute("openSource", request with { IsDeployedPreviously = false }).Should().Be(fingerprint);
        RequestFingerprint.Compute("fineTune", request).Should().NotBe(fingerprint);
        RequestFingerprint.Compute("openSource", request with { HyperParameters = request.HyperParameters with { TopK = 49 } }).Should().NotBe(fingerprint);
    }

    [Fact]
    public void A_typo_in_defaults_is_named_once_under_defaults_not_once_per_model()
    {
        var manifest = ManifestReader.Parse("""
            {
              "defaults": { "hyperParameters": { "temperature": 1, "maxTokens": 512, "topP": 1, "topK": 50, "maxToken": 5 }, "deviceType": "g5.xlarge" },
              "environments": { "test": { "host": "https://test.example.test" } },
              "models": [
                { "modelId": "a", "modelType": "openSource", "request": { "name": "a" } },
                { "modelId": "b", "modelType": "openSource", "request": { "name": "b" } }
              ]
            }
            """);

        var resolve = () => ManifestResolver.Resolve(manifest, "test");

        resolve.Should().Throw<ManifestException>().Which.Violations.Select(v => v.Path).Should().Equal("defaults.hyperParameters.maxToken");
    }

    [Fact]
    public void An_unknown_environment_names_the_environments_the_manifest_has()
    {
        var manifest = ManifestReader.Parse(Layered);

        var resolve = () => ManifestResolver.Resolve(manifest, "production");

        resolve.Should().Throw<ManifestException>().Which.Violations.Single().Message.Should().Contain("prod, staging");
    }
}
