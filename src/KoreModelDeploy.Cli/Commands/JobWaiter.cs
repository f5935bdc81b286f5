using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Output;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// Follows a dock job to its end through the SDK's poller (so the vendor's rate limits hold), keeping the report's
/// status current: a timeout, a failure or Ctrl+C then reports the last status seen along with the id.
/// </summary>
internal static class JobWaiter
{
    public static async Task<DockStatus> WaitAsync(
        DockOperation operation,
        string action,
        string subject,
        IInteractionService interaction,
        CommandReport report,
        CancellationToken cancellationToken)
    {
        report.DockStatusId = operation.Id;
        var final = await interaction.TrackJobAsync(action, subject, progress =>
            // The client was built with the command's polling options: the wait takes them from there.
            operation.WaitForCompletionAsync(null, new ReportingProgress(progress, report), cancellationToken)).ConfigureAwait(false);
        ExitCodeMapper.Take(report, final);
        return final;
    }

    private sealed class ReportingProgress(IProgress<DockStatus> display, CommandReport report) : IProgress<DockStatus>
    {
        public void Report(DockStatus value)
        {
            ExitCodeMapper.Take(report, value);
            display.Report(value);
        }
    }
}
