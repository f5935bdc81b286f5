using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Models;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Cli.Tests.Interaction;

/// <summary>An apply's plain progress, through the line seam: lines as they happen, or a group per model in GitHub Actions.</summary>
public sealed class PlainModelProgressTests
{
    private static readonly PlannedStep Deploy = new(StepCall.Deploy, StepReason.Deploy);

    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingInteractionService _lines = new();

    [Fact]
    public void Each_step_job_status_and_end_is_a_line_as_it_happens()
    {
        using (var progress = new PlainModelProgress(_lines, Host(), ["m-1"]))
        {
            progress.StepStarted("m-1", Deploy);
            progress.JobStarted("m-1", Deploy, "ds-1");
            progress.StatusChanged("m-1", KoreModelFactory.DockStatus("ds-1", DockJobStatus.InProgress));
            _clock.Advance(TimeSpan.FromSeconds(12));
            progress.StatusChanged("m-1", KoreModelFactory.DockStatus("ds-1", DockJobStatus.Success));
            progress.ModelFinished(new ModelResult("m-1", PlanAction.Deploy, ModelOutcome.Succeeded, "ds-1", "SUCCESS", null));
        }

        _lines.ShownOf<GroupShown>().Should().BeEmpty();
        _lines.ShownOf<LineShown>().Select(l => l.Text).Should().Equal(
            "m-1: deploy",
            "m-1: deploy job ds-1",
            "m-1: IN_PROGRESS (0.0s)",
            "m-1: SUCCESS (12s)",
            "m-1: deployed ds-1 SUCCESS");
    }

    [Fact]
    public void Grouped_a_model_is_one_group_when_it_ends_and_only_its_job_id_is_said_before()
    {
        using (var progress = new PlainModelProgress(_lines, Host(), ["m-1", "m-2"], grouped: true))
        {
            progress.StepStarted("m-1", Deploy);
            progress.StepStarted("m-2", Deploy);
            progress.JobStarted("m-1", Deploy, "ds-1");
            progress.StatusChanged("m-1", KoreModelFactory.DockStatus("ds-1", DockJobStatus.InProgress));
            _lines.Shown.Should().Equal(new LineShown("m-1: deploy job ds-1"));

            progress.ModelFinished(new ModelResult("m-1", PlanAction.Deploy, ModelOutcome.Failed, "ds-1", "FAILED", "quota"));
        }

        var groups = _lines.ShownOf<GroupShown>();
        groups.Select(g => g.Title).Should().Equal("m-1: failed ds-1 FAILED", "m-2: unfinished");
        groups[0].Lines.Should().Equal("m-1: deploy", "m-1: deploy job ds-1", "m-1: IN_PROGRESS (0.0s)", "m-1: failed ds-1 FAILED");
        groups[1].Lines.Should().Equal("m-2: deploy");
    }

    [Fact]
    public void Silence_for_the_heartbeat_interval_says_how_many_are_done_and_grouped_what_is_running()
    {
        using var progress = new PlainModelProgress(_lines, Host(), ["m-1", "m-2"], grouped: true);
        progress.StepStarted("m-1", Deploy);
        progress.JobStarted("m-1", Deploy, "ds-1");
        progress.StatusChanged("m-1", KoreModelFactory.DockStatus("ds-1", DockJobStatus.InProgress));

        _clock.Advance(TimeSpan.FromSeconds(30));

        _lines.ShownOf<LineShown>().Select(l => l.Text).Should().Equal(
            "m-1: deploy job ds-1",
            "apply: 0 of 2 done after 30s; running: m-1 IN_PROGRESS (ds-1)");
    }

    private CliHost Host() => new(TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, errorIsTerminal: false)
    {
        TimeProvider = _clock,
        HeartbeatInterval = TimeSpan.FromSeconds(30),
    };
}
