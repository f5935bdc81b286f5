using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli;

/// <summary>
/// Fills in a command's report from what ended it: the exit code and outcome come from
/// <see cref="FailureClassifier"/>; this class adds what each failure lets the report say (the rules broken, the job's
/// id and status, the command that resumes a wait, what to check next).
/// </summary>
internal static class ExitCodeMapper
{
    /// <summary>The command that follows job <paramref name="dockStatusId"/> on, with what this command line set (host, key source).</summary>
    public static string ResumeCommand(CommandReport report, string dockStatusId) => "kore-deploy wait " + ShellQuote.Word(dockStatusId) + report.ResumeArguments;

    /// <summary>Fills in <paramref name="report"/> from <paramref name="exception"/> and returns the exit code.</summary>
    public static int Report(Exception exception, CommandReport report, bool cancelledByUser)
    {
        var failure = FailureClassifier.Classify(exception, cancelledByUser);
        report.Reason = (failure.Outcome, exception) switch
        {
            (ModelOutcome.Cancelled, InputWaitCancelledException) => exception.Message,
            (ModelOutcome.Cancelled, _) => Cancelled(report),
            (_, KoreValidationException invalid) => Invalid(report, invalid),
            (_, ManifestException manifest) => InvalidManifest(report, manifest),
            (_, KoreJobFailedException failed) => Failed(report, failed),
            (_, KoreJobTimeoutException timedOut) => TimedOut(report, timedOut),
            (_, KoreApiException api) => ApiError(report, api),
            (_, CliConfigurationException configuration) => Configuration(report, configuration),
            (ModelOutcome.Unexpected, _) => $"unexpected error ({exception.GetType().Name}): {exception.Message}",
            _ => exception.Message,
        };
        report.ExitCode = failure.ExitCode;
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

    private static string Cancelled(CommandReport report)
    {
        if (report.DockStatusId is not { } id)
        {
            return "cancelled before anything was sent";
        }

        report.ResumeCommand = ResumeCommand(report, id);
        return "stopped waiting; the job goes on; resume with: " + report.ResumeCommand;
    }

    private static string Configuration(CommandReport report, CliConfigurationException configuration)
    {
        if (configuration.Problems.Count <= 1 && configuration.Violations.Count == 0)
        {
            return configuration.Message;
        }

        // Every problem of the run in one report, so none is found only on the next run.
        report.Violations =
        [
            .. configuration.Problems.Select(p => new ViolationReport("configuration", null, p)),
            .. configuration.Violations.Select(ViolationReport.From),
        ];
        return $"{configuration.Problems.Count} configuration {(configuration.Problems.Count == 1 ? "problem" : "problems")}"
            + (configuration.Violations.Count == 0 ? string.Empty : $" and {configuration.Violations.Count} broken {(configuration.Violations.Count == 1 ? "rule" : "rules")}")
            + "; nothing was sent";
    }

    private static string Invalid(CommandReport report, KoreValidationException invalid)
    {
        report.Violations = invalid.Errors.Select(ViolationReport.From).ToList();
        var count = invalid.Errors.Count;
        return $"the request breaks {count} {(count == 1 ? "rule" : "rules")}; nothing was sent";
    }

    private static string InvalidManifest(CommandReport report, ManifestException manifest)
    {
        report.Violations = manifest.Violations.Select(v => new ViolationReport(v.Path, null, v.Message)).ToList();
        var count = manifest.Violations.Count;
        return $"the manifest breaks {count} {(count == 1 ? "rule" : "rules")}; nothing was sent";
    }

    private static string Failed(CommandReport report, KoreJobFailedException failed)
    {
        Take(report, failed.Status);
        return $"job {failed.DockStatusId} FAILED: {failed.VendorMessage ?? "the service gave no reason"}";
    }

    private static string TimedOut(CommandReport report, KoreJobTimeoutException timedOut)
    {
        report.DockStatusId = timedOut.DockStatusId;
        if (timedOut.LastStatus is { } last)
        {
            Take(report, last);
        }

        report.ResumeCommand = ResumeCommand(report, timedOut.DockStatusId);
        var status = report.Status is null ? string.Empty : $" (last status {report.Status})";
        return $"gave up waiting after {ElapsedText.Format(timedOut.Elapsed)}{status}; the job goes on; resume with: {report.ResumeCommand}";
    }

    private static string ApiError(CommandReport report, KoreApiException api)
    {
        report.Error = ApiErrorReport.From(api);
        var reason = api.RequestMayHaveBeenProcessed
            ? api.Message + " The job may have started: check the platform before sending it again."
            : api.Message;
        return Hint(report, api) is { } hint ? reason + " " + hint : reason;
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
}
