using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Tests.Interaction;

/// <summary>
/// Whole commands run with the recording interaction service: what each said arrives as typed records, and nothing
/// reaches the process's streams past the service.
/// </summary>
public sealed class RecordedCommandTests
{
    [Fact]
    public async Task A_deploy_says_its_job_id_then_each_status_of_its_wait_once_then_writes_one_report()
    {
        await using var session = await EmulatorSession.StartAsync();
        var recording = new RecordingInteractionService();
        var (host, output, error) = Host(session);

        var exitCode = await Eventually.Within(KoreDeployCli.RunAsync(session.DeployArgs("cm-test"), host, _ => recording, CancellationToken.None));

        exitCode.Should().Be(ExitCodes.Success, string.Join("\n", recording.Shown));
        var id = recording.Report.DockStatusId;
        id.Should().NotBeNullOrEmpty();
        recording.Report.TextResult.Should().Be(id);
        recording.ShownOf<MessageShown>().Should().ContainSingle().Which.Text.Should().Be($"deploy cm-test: job {id} started");
        recording.ShownOf<JobTracked>().Should().Equal(new JobTracked("deploy", "cm-test"));
        var statuses = recording.ShownOf<JobStatusShown>().Select(s => s.Status.Status).ToList();
        statuses.Should().NotBeEmpty().And.EndWith(DockJobStatus.Success);
        statuses.Zip(statuses.Skip(1)).Should().OnlyContain(pair => pair.First != pair.Second, "the SDK's wait reports a status only when it changes");
        recording.ShownOf<JobEnded>().Should().ContainSingle().Which.Final.Status.Should().Be(DockJobStatus.Success);
        recording.Shown.OfType<ReportWritten>().Should().ContainSingle();
        recording.Shown[^1].Should().BeOfType<ReportWritten>("the report is written last");
        output.ToString().Should().BeEmpty("the result goes through the interaction service");
        error.ToString().Should().BeEmpty("everything for people goes through the interaction service");
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_with_json_asked_for_is_one_usage_report_through_a_service_built_for_json()
    {
        await using var session = await EmulatorSession.StartAsync();
        var built = new List<RecordingInteractionService>();
        var (host, output, error) = Host(session);

        var exitCode = await Eventually.Within(KoreDeployCli.RunAsync(
            ["deploy", "cm-test", "--type", "nope", "-o", "json"],
            host,
            settings =>
            {
                var recording = new RecordingInteractionService(settings);
                built.Add(recording);
                return recording;
            },
            CancellationToken.None));

        exitCode.Should().Be(ExitCodes.Usage);
        var service = built.Should().ContainSingle().Subject;
        service.Settings.Format.Should().Be(OutputFormat.Json);
        service.Report.ExitCode.Should().Be(ExitCodes.Usage);
        service.Report.Reason.Should().Contain("nope");
        output.ToString().Should().BeEmpty();
        error.ToString().Should().BeEmpty();
    }

    private static (CliHost Host, StringWriter Output, StringWriter Error) Host(EmulatorSession session)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string>
        {
            ["KORE_HOST"] = session.Emulator.BaseAddress.ToString(),
            ["KORE_API_KEY"] = EmulatorSession.ApiKey,
        };
        var host = new CliHost(TextWriter.Synchronized(output), TextWriter.Synchronized(error), TextReader.Null, environment.GetValueOrDefault, errorIsTerminal: false);
        return (host, output, error);
    }
}
