using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using KoreModelDeploy.Cli.Journal.AzureBlob;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Testing;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>
/// The built tool as child processes with its journal in Azurite and a scripted service on loopback: two applies
/// racing, an apply killed while it waits, an apply stopped until its lease lapses and another run takes it, Azurite
/// stopped mid-apply, and the scenarios every shared store passes (<see cref="SharedJournalProcessScenarios"/>). What
/// must hold is counted on the service's side and in the journal's blobs. The lease is Azure's shortest, 15 s, so that
/// a lapse is waited out in a test.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AzureBlobJournalProcessTests(AzuriteFixture azurite) : SharedJournalProcessScenarios, IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan LapseLimit = TimeSpan.FromSeconds(120);
    private readonly string _container = "p" + Guid.NewGuid().ToString("N")[..16];

    private string Uri => $"azblob://{_container}/journals";

    protected override string Journal => Uri;

    protected override IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>(ScriptedService.ToolEnvironment)
    {
        [AzureBlobJournalLocation.ConnectionVariable] = azurite.ConnectionString,
        [AzureBlobJournalSettings.LeaseSecondsVariable] = "15",
    };

    /// <summary>A wait longer than the 15 s lease: a killed run's lease lapses, and nobody unlocks anything.</summary>
    protected override IReadOnlyList<string> TakingAKilledRunsLock => ["--lock-timeout", "2m"];

    [Fact]
    public async Task An_apply_killed_while_it_waits_leaves_a_lease_that_lapses_the_next_apply_takes_it_with_no_unlock_step_and_sends_no_second_post()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        var environment = "killed-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 2);

        using var first = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Uri, "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(() => EventCount(environment) == 4 || first.HasExited, "both jobs' ids to be recorded", StartLimit);
        first.HasExited.Should().BeFalse(first.Snapshot().ToString());
        await first.KillAsync();

        var refused = await ToolProcess.RunAsync(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Uri, .. FastPolling]);
        refused.ExitCode.Should().Be(ExitCodes.Configuration, "the killed run's lease has not lapsed yet: " + refused);
        refused.Error.Should().Contain($"process {first.Id}");

        service.Release();
        var next = await ToolProcess.RunAsync(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Uri, "--lock-timeout", "2m", .. FastPolling]);

        next.ExitCode.Should().Be(0, next.ToString());
        service.DeployPosts.Should().Be(2, "the next apply waited on the recorded jobs instead of deploying again");
        EventCount(environment).Should().Be(6);
    }

    [Fact]
    public async Task An_apply_stopped_until_another_run_takes_its_lapsed_lease_writes_nothing_more_once_continued_and_exits_non_zero()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        var environment = "fenced-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 2);

        using var holder = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Uri, "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(() => EventCount(environment) == 4 || holder.HasExited, "both jobs' ids to be recorded", StartLimit);
        holder.HasExited.Should().BeFalse(holder.Snapshot().ToString());
        await holder.SignalAsync("STOP");
        try
        {
            using var next = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Uri, "--lock-timeout", "2m", .. FastPolling]);
            await Eventually.WaitUntilAsync(() => LeaseHolderProcess(environment) == next.Id || next.HasExited, "the next run to take the lapsed lease", LapseLimit);
            next.HasExited.Should().BeFalse(next.Snapshot().ToString());

            await holder.SignalAsync("CONT");
            service.Release();
            var taken = await next.WaitAsync();
            var fenced = await holder.WaitAsync();

            taken.ExitCode.Should().Be(0, taken.ToString());
            fenced.ExitCode.Should().BeOneOf([ExitCodes.Configuration, ExitCodes.UnknownState], fenced.ToString());
            fenced.Error.Should().Contain("writes nothing more");
            service.DeployPosts.Should().Be(2);
            EventCount(environment).Should().Be(6, "the stopped run's finished events were refused; the run that took over recorded its own");
        }
        finally
        {
            if (!holder.HasExited)
            {
                await ChildProcess.RunAsync("kill", "-CONT", holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public async Task Azurite_stopped_mid_apply_fails_the_apply_safe_and_a_run_after_it_is_back_completes_with_no_duplicate()
    {
        await using var service = await ScriptedService.StartAsync(released: false);
        var environment = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 2);

        using var holder = ToolProcess.Start(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Uri, "--init", .. FastPolling]);
        await Eventually.WaitUntilAsync(() => EventCount(environment) == 4 || holder.HasExited, "both jobs' ids to be recorded", StartLimit);
        holder.HasExited.Should().BeFalse(holder.Snapshot().ToString());
        await azurite.StopAsync();
        try
        {
            service.Release();
            var failed = await holder.WaitAsync();
            failed.ExitCode.Should().BeOneOf([ExitCodes.Configuration, ExitCodes.UnknownState], failed.ToString());
        }
        finally
        {
            await azurite.StartAgainAsync();
        }

        EventCount(environment).Should().Be(4, "every deploy sent is recorded at least as its intent and id");
        var next = await ToolProcess.RunAsync(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", Uri, "--lock-timeout", "2m", .. FastPolling]);
        next.ExitCode.Should().Be(0, next.ToString());
        service.DeployPosts.Should().Be(2);
        EventCount(environment).Should().Be(6);
    }

    [Fact]
    public async Task No_account_key_or_sas_token_appears_in_any_output_and_the_manifest_may_name_the_store()
    {
        const string signature = "FakeSignature0123456789abcdef%3D";
        await using var service = await ScriptedService.StartAsync();
        var environment = "secret-" + Guid.NewGuid().ToString("N")[..8];
        var manifest = await WriteManifestAsync(environment, service.Host, models: 1, journal: Uri);
        var unreachable = new Dictionary<string, string>(Variables)
        {
            [AzureBlobJournalLocation.ConnectionVariable] = azurite.ConnectionString.Replace($":{azurite.Port}/", ":1/", StringComparison.Ordinal),
        };
        var withSas = new Dictionary<string, string>(Variables)
        {
            [AzureBlobJournalLocation.ConnectionVariable] = $"BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;SharedAccessSignature=sv=2024-11-04&sp=rwdlac&se=2030-01-01T00:00:00Z&sig={signature}",
        };
        var without = new Dictionary<string, string>(ScriptedService.ToolEnvironment);

        var runs = new List<(ToolRun Run, int Expected)>();
        foreach (var format in new[] { "text", "json" })
        {
            runs.Add((await ToolProcess.RunAsync(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--journal", $"{Uri}?sv=2024-11-04&sig={signature}", "--init", "-o", format, .. FastPolling]), ExitCodes.Configuration));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, unreachable, ["apply", "-f", manifest, "--env", environment, "--init", "-o", format, .. FastPolling]), ExitCodes.Configuration));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, withSas, ["plan", "-f", manifest, "--env", environment, "-o", format]), ExitCodes.Configuration));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, without, ["plan", "-f", manifest, "--env", environment, "-o", format]), ExitCodes.Configuration));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, Variables, ["apply", "-f", manifest, "--env", environment, "--init", "-o", format, .. FastPolling]), 0));
            runs.Add((await ToolProcess.RunAsync(Dir.Path, Variables, ["plan", "-f", manifest, "--env", environment, "-o", format]), 0));
        }

        foreach (var (run, expected) in runs)
        {
            run.ExitCode.Should().Be(expected, run.ToString());
            run.All.Should().NotContain(AzuriteFixture.AccountKey, run.ToString()).And.NotContain(signature);
        }

        runs[3].Run.Error.Should().Contain(AzureBlobJournalLocation.ConnectionVariable);
        EventCount(environment).Should().Be(3, "the manifest's store was used");
        File.Exists(Dir.File($"kore-{environment}.{environment}.journal.jsonl")).Should().BeFalse();
        Segment(environment, 1).DownloadContent().Value.Content.ToString().Should().NotContain(AzuriteFixture.AccountKey);
    }

    private AppendBlobClient Segment(string environment, int number) =>
        new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_container).GetAppendBlobClient($"journals/{environment}/{number:D5}.jsonl");

    /// <summary>The events in the environment's journal.</summary>
    private int EventCount(string environment) => EventLines(environment).Count;

    /// <summary>The environment's journal lines after the header, in every segment.</summary>
    private List<string> EventLines(string environment)
    {
        var lines = new List<string>();
        for (var number = 1; ; number++)
        {
            var segment = Segment(environment, number);
            try
            {
                lines.AddRange(segment.DownloadContent().Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                return [.. lines.Skip(1)];
            }
        }
    }

    protected override Task<IReadOnlyList<string>> EventLinesAsync(string environment) => Task.FromResult<IReadOnlyList<string>>(EventLines(environment));

    protected override Task<int?> HolderProcessAsync(string environment) => Task.FromResult(LeaseHolderProcess(environment));

    /// <summary>The process id the first segment's holder metadata names, while the segment is leased.</summary>
    private int? LeaseHolderProcess(string environment)
    {
        var properties = Segment(environment, 1).GetProperties().Value;
        return properties.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased
            && properties.Metadata.TryGetValue("koreholderpid", out var pid)
            && int.TryParse(pid, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
