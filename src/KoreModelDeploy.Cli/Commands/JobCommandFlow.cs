using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>What deploy and undeploy do once the service has accepted the job: print its id, then wait unless told not to.</summary>
internal static class JobCommandFlow
{
    public static async Task<int> FollowStartedJobAsync(
        DockOperation operation,
        string action,
        string modelId,
        bool noWait,
        DockPollingOptions polling,
        IInteractionService interaction,
        CommandReport report,
        CancellationToken cancellationToken)
    {
        report.DockStatusId = operation.Id;
        report.TextResult = operation.Id;
        if (operation.LastStatus is { } started)
        {
            ExitCodeMapper.Take(report, started);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C came while the call that started the job was on its way: the id is known now, so it can be followed.
            report.ResumeCommand = ExitCodeMapper.ResumeCommand(operation.Id);
            report.Reason = $"{action} {modelId} started as job {operation.Id} before Ctrl+C took effect; the job goes on; resume with: {report.ResumeCommand}";
            return ExitCodes.Cancelled;
        }

        if (noWait)
        {
            interaction.DisplayMessage($"{action} {modelId} started as job {operation.Id}; follow it with: {ExitCodeMapper.ResumeCommand(operation.Id)}");
            return ExitCodes.Success;
        }

        await JobWaiter.WaitAsync(operation, action, modelId, polling, interaction, report, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
