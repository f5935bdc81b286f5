using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Tests.TestSupport;
using KoreModelDeploy.Models;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Cli.Tests.Interaction;

/// <summary>A job's plain progress, through the line seam: a line per status with the elapsed time, a heartbeat in silence.</summary>
public sealed class PlainJobProgressTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingInteractionService _lines = new();

    [Fact]
    public void Each_status_is_a_line_with_the_elapsed_time_and_its_message()
    {
        using (var progress = new PlainJobProgress(_lines, Host(), "deploy", "m-1"))
        {
            progress.Report(KoreModelFactory.DockStatus("ds-1", DockJobStatus.InProgress));
            _clock.Advance(TimeSpan.FromSeconds(5));
            progress.Report(KoreModelFactory.DockStatus("ds-1", DockJobStatus.Failed, message: "quota exceeded"));
        }

        Lines().Should().Equal("deploy m-1: IN_PROGRESS (0.0s)", "deploy m-1: FAILED (5.0s): quota exceeded");
    }

    [Fact]
    public void Silence_for_the_heartbeat_interval_says_the_job_is_still_where_it_was_and_a_status_restarts_the_interval()
    {
        using var progress = new PlainJobProgress(_lines, Host(), "wait", "ds-1");

        _clock.Advance(TimeSpan.FromSeconds(30));
        progress.Report(KoreModelFactory.DockStatus("ds-1", DockJobStatus.InProgress));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Lines().Should().Equal("wait ds-1: still waiting after 30s", "wait ds-1: IN_PROGRESS (30s)");

        _clock.Advance(TimeSpan.FromSeconds(10));
        Lines().Should().HaveElementAt(2, "wait ds-1: still IN_PROGRESS after 1m00s", "the interval began again at the status");
    }

    private List<string> Lines() => [.. _lines.ShownOf<LineShown>().Select(l => l.Text)];

    private CliHost Host() => new(TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, errorIsTerminal: false)
    {
        TimeProvider = _clock,
        HeartbeatInterval = TimeSpan.FromSeconds(30),
    };
}
