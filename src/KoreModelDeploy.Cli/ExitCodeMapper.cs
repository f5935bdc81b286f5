using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli;

/// <summary>
/// Turns what ended a command into its exit code and report, in one place: the SDK's exceptions, the tool's own
/// configuration errors, and cancellation. Anything unforeseen is exit code 1 with its message.
/// </summary>
internal static class ExitCodeMapper
{
    /// <summary>The command that follows job <paramref name="dockStatusId"/> on, with what this command line set (host, key source).</summary>
    public static string ResumeCommand(CommandReport report, string dockStatusId) => "kore-deploy wait " + ShellQuote.Word(dockStatusId) + report.ResumeArguments;

    /// <summary>Fills in <paramref name="report"/> from <paramref name="exception"/> and returns the exit code.</summary>
    public static int Apply(Exception exception, CommandReport report, bool cancelledByUser)
    {
        report.ExitCode = exception switch
        {
            InputWaitCancelledException when cancelledByUser => Set(report, ExitCodes.Cancelled, exception.Message),
            OperationCanceledException when cancelledByUser => Cancelled(report),
            KoreValidationException invalid => Invalid(report, invalid),
            KoreJobFailedException failed => Failed(report, failed),
            KoreJobTimeoutException timedOut => TimedOut(report, timedOut),
            KoreApiException api => ApiError(report, api),
            CliConfigurationException configuration => Configuration(report, configuration),
            ManifestException manifest => InvalidManifest(report, manifest),
            JournalException journal => Set(report, ExitCodes.Configuration, journal.Message),
            _ => Set(report, ExitCodes.Usage, $"unexpected error ({exception.GetType().Name}): {exception.Message}"),
        };
        return report.ExitCode;
    }

    /// <summary>
    /// Output failed while the command ran: the run stopped as Ctrl+C stops it, and what the command knew by then (a
    /// job's id, how to resume) is kept in the reason.
    /// </summary>
    public static void OutputFailed(CommandReport report, string failure)
    {
        report.Reason = $"{failure}; stopped as for Ctrl+C, no new job started" + (report.Reason is { } before ? "; " + before : string.Empty);
        report.ExitCode = ExitCodes.OutputFailed;
    }

    private static int Cancelled(CommandReport report)
    {
        if (report.DockStatusId is { } id)
        {
            report.ResumeCommand = ResumeCommand(report, id);
            report.Reason = "stopped waiting; the job goes on; resume with: " + report.ResumeCommand;
        }
        else
        {
            report.Reason = "cancelled before anything was sent";
        }

        return ExitCodes.Cancelled;
    }

    private static int Configuration(CommandReport report, CliConfigurationException configuration)
    {
        if (configuration.Problems.Count <= 1 && configuration.Violations.Count == 0)
        {
            return Set(report, ExitCodes.Configuration, configuration.Message);
        }

        // Every problem of the run in one report, so none is found only on the next run.
        report.Violations =
        [
            .. configuration.Problems.Select(p => new ViolationReport("configuration", null, p)),
            .. configuration.Violations.Select(ViolationReport.From),
        ];
        return Set(report, ExitCodes.Configuration, $"{configuration.Problems.Count} configuration {(configuration.Problems.Count == 1 ? "problem" : "problems")}"
            + (configuration.Violations.Count == 0 ? string.Empty : $" and {configuration.Violations.Count} broken {(configuration.Violations.Count == 1 ? "rule" : "rules")}")
            + "; nothing was sent");
    }

    private static int Invalid(CommandReport report, KoreValidationException invalid)
    {
        report.Violations = invalid.Errors.Select(ViolationReport.From).ToList();
        var count = invalid.Errors.Count;
        return Set(report, ExitCodes.InvalidRequest, $"the request breaks {count} {(count == 1 ? "rule" : "rules")}; nothing was sent");
    }

    private static int InvalidManifest(CommandReport report, ManifestException manifest)
    {
        report.Violations = manifest.Violations.Select(v => new ViolationReport(v.Path, null, v.Message)).ToList();
        var count = manifest.Violations.Count;
        return Set(report, ExitCodes.InvalidRequest, $"the manifest breaks {count} {(count == 1 ? "rule" : "rules")}; nothing was sent");
    }

    private static int Failed(CommandReport report, KoreJobFailedException failed)
    {
        Take(report, failed.Status);
        return Set(report, ExitCodes.JobFailed, $"job {failed.DockStatusId} FAILED: {failed.VendorMessage ?? "the service gave no reason"}");
    }

    private static int TimedOut(CommandReport report, KoreJobTimeoutException timedOut)
    {
        report.DockStatusId = timedOut.DockStatusId;
        if (timedOut.LastStatus is { } last)
        {
            Take(report, last);
        }

        report.ResumeCommand = ResumeCommand(report, timedOut.DockStatusId);
        var status = report.Status is null ? string.Empty : $" (last status {report.Status})";
        return Set(report, ExitCodes.WaitTimedOut,
            $"gave up waiting after {ElapsedText.Format(timedOut.Elapsed)}{status}; the job goes on; resume with: {report.ResumeCommand}");
    }

    private static int ApiError(CommandReport report, KoreApiException api)
    {
        report.Error = ApiErrorReport.From(api);
        var code = api.Kind == KoreErrorKind.Authentication ? ExitCodes.Authentication : ExitCodes.ApiError;
        var reason = api.RequestMayHaveBeenProcessed
            ? api.Message + " The job may have started: check the platform before sending it again."
            : api.Message;
        return Set(report, code, Hint(report, api) is { } hint ? reason + " " + hint : reason);
    }

    /// <summary>What to check next, for the failures a first run meets most: a refused key, an unreachable host.</summary>
    private static string? Hint(CommandReport report, KoreApiException api) => api.Kind switch
    {
        KoreErrorKind.Authentication =>
            $"Check the key: it came from {report.KeySource}; set the right one in {Options.ServiceOptions.ApiKeyVariable}, or use --api-key-file PATH or --api-key-stdin.",
        KoreErrorKind.Network =>
            $"Is the host right (--host or {Options.ServiceOptions.HostVariable}), and is the service up? For a local try: is `kore-deploy emulator` running, on that port?",
        _ => null,
    };

    /// <summary>Copies a job's status into the report.</summary>
    public static void Take(CommandReport report, Models.DockStatus status)
    {
        report.DockStatusId = status.Id;
        report.ModelId = status.ModelId ?? report.ModelId;
        report.Action = status.Action.IsDefault ? report.Action : status.Action.ToString();
        report.Status = status.Status.ToString();
        report.Message = status.Message;
    }

    private static int Set(CommandReport report, int code, string reason)
    {
        report.Reason = reason;
        return code;
    }
}
