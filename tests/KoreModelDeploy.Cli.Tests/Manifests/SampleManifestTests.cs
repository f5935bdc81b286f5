using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Tests.Manifests;

public sealed class SampleManifestTests
{
    internal static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KoreModelDeploy.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("The repository's root was not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task The_sample_manifest_resolves_in_both_of_its_environments_with_their_own_ids_and_settings()
    {
        var manifest = await ManifestReader.ReadFileAsync(RepositoryFile("samples/kore.json"), CancellationToken.None);

        var staging = ManifestResolver.Resolve(manifest, "staging");
        var prod = ManifestResolver.Resolve(manifest, "prod");

        staging.Models.Select(m => m.ModelId).Should().Equal("flan-t5-staging", "support-gpt2-staging");
        prod.Models.Select(m => m.ModelId).Should().Equal("flan-t5-prod", "support-gpt2-prod");
        prod.Host.Should().Be(new Uri("https://agent-platform.kore.ai"));
        prod.Models[1].Request.DeviceType.ToString().Should().Be("g5.2xlarge");
        prod.Models[1].Request.ScalingParameters!.MaxReplicas.Should().Be(6);
        staging.Models[1].Request.ScalingParameters!.MaxReplicas.Should().Be(2);
        staging.Models[1].Request.HyperParameters.StopSequence.Should().Equal("###");
    }
}
