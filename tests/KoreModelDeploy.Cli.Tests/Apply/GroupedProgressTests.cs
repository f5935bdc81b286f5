using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Planning;

namespace KoreModelDeploy.Cli.Tests.Apply;

/// <summary>An apply's plain progress in GitHub Actions: a group per model, whatever becomes of the model.</summary>
public sealed class GroupedProgressTests : IDisposable
{
    private readonly StringWriter _error = new();

    public void Dispose() => _error.Dispose();

    [Fact]
    public void A_model_that_finishes_is_one_group_titled_with_its_end_and_a_job_id_is_also_written_at_once()
    {
        var output = Output();

        using (var progress = new PlainModelProgress(output, Host(), ["m-1", "m-2"], grouped: true))
        {
            progress.StepStarted("m-1", new PlannedStep(StepCall.Deploy, StepReason.Deploy));
            progress.StepStarted("m-2", new PlannedStep(StepCall.Deploy, StepReason.Deploy));
            progress.JobStarted("m-1", new PlannedStep(StepCall.Deploy, StepReason.Deploy), "ds-1");
            _error.ToString().Should().Be("m-1: deploy job ds-1" + Environment.NewLine, "only the id is written before the model ends");

            progress.ModelFinished(new ModelResult("m-1", PlanAction.Deploy, ModelOutcome.Succeeded, "ds-1", "SUCCESS", null));
        }

        var lines = _error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Equal(
            "m-1: deploy job ds-1",
            "::group::m-1: deployed ds-1 SUCCESS",
            "m-1: deploy",
            "m-1: deploy job ds-1",
            "m-1: deployed ds-1 SUCCESS",
            "::endgroup::",
            "::group::m-2: unfinished",
            "m-2: deploy",
            "::endgroup::");
    }

    private CliHost Host() => new(TextWriter.Null, _error, TextReader.Null, name => name == "GITHUB_ACTIONS" ? "true" : null, errorIsTerminal: false);

    private ConsoleInteractionService Output() => new(Host(), OutputSettings.Default);
}
