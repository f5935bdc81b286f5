using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Planning;

namespace KoreModelDeploy.Cli.Tests.Apply;

public sealed class ApplyReportTests
{
    [Theory]
    [InlineData(new[] { nameof(ModelOutcome.Succeeded), nameof(ModelOutcome.Unchanged), nameof(ModelOutcome.PruneCandidate) }, 0)]
    [InlineData(new[] { nameof(ModelOutcome.InvalidRequest), nameof(ModelOutcome.AuthenticationError), nameof(ModelOutcome.ApiError), nameof(ModelOutcome.TimedOut), nameof(ModelOutcome.Failed), nameof(ModelOutcome.Unknown) }, 9)]
    [InlineData(new[] { nameof(ModelOutcome.ApiError), nameof(ModelOutcome.TimedOut), nameof(ModelOutcome.Failed), nameof(ModelOutcome.Succeeded) }, 2)]
    [InlineData(new[] { nameof(ModelOutcome.ApiError), nameof(ModelOutcome.TimedOut), nameof(ModelOutcome.Succeeded) }, 6)]
    [InlineData(new[] { nameof(ModelOutcome.AuthenticationError), nameof(ModelOutcome.ApiError) }, 5)]
    [InlineData(new[] { nameof(ModelOutcome.InvalidRequest), nameof(ModelOutcome.AuthenticationError) }, 4)]
    [InlineData(new[] { nameof(ModelOutcome.Unknown), nameof(ModelOutcome.Cancelled) }, 130)]
    [InlineData(new[] { nameof(ModelOutcome.Failed), nameof(ModelOutcome.JournalError), nameof(ModelOutcome.Succeeded) }, 7)]
    [InlineData(new[] { nameof(ModelOutcome.JournalError), nameof(ModelOutcome.Unknown) }, 9)]
    public void The_exit_code_is_the_worst_outcomes_unknown_then_failed_then_timed_out_then_API_error(string[] outcomes, int expected)
    {
        var report = new ApplyReport(outcomes.Select((o, i) => new ModelResult($"m-{i}", PlanAction.Deploy, Enum.Parse<ModelOutcome>(o), null, null, null)).ToList());

        report.ExitCode.Should().Be(expected);
    }
}
