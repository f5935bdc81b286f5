using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>What deploy and undeploy share: sending the call that starts the job, then printing its id and waiting unless told not to.</summary>
internal static class JobCommandFlow
{
    /// <summary>
    /// Sends the call that starts a job (deploy or undeploy) to its end, even when Ctrl+C comes meanwhile: once sent, its
    /// answer carries the only handle on the job, so the first Ctrl+C waits for it and a second exits at once.
    /// </summary>
    public static async Task<DockOperation> StartJobAsync(
        string action,
        Func<CancellationToken, Task<DockOperation>> start,
        CliHost host,
        IInteractionService interaction,
        CancellationToken cancellationToken)
    {
        using (host.Interrupts.BeginJobStartingCall(action))
        using (cancellationToken.Register(() => interaction.DisplayWarning(
            $"finishing the {action} call so the job's id can be printed; press Ctrl+C again to exit at once (the job may then have started)")))
        {
            return await start(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public static async Task<int> FollowStartedJobAsync(
        DockOperation operation,
        string action,
        string modelId,
        bool noWait,
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
            report.ResumeCommand = ExitCodeMapper.ResumeCommand(report, operation.Id);
            report.Reason = $"{action} {modelId} started as job {operation.Id} before Ctrl+C took effect; the job goes on; resume with: {report.ResumeCommand}";
            return ExitCodes.Cancelled;
        }

        if (noWait)
        {
            interaction.DisplayMessage($"{action} {modelId} started as job {operation.Id}; follow it with: {ExitCodeMapper.ResumeCommand(report, operation.Id)}");
            return ExitCodes.Success;
        }

        // The id is printed the moment it arrives, as apply does: a log cut short, or a live line lost, still has it.
        interaction.DisplayMessage($"{action} {modelId}: job {operation.Id} started");
        await JobWaiter.WaitAsync(operation, action, modelId, interaction, report, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
