using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli;

/// <summary>
/// Where an exit code is decided: every failure of every command (an <c>apply</c>'s models included) is classified
/// here into its outcome, and each outcome has one exit code. The report a command prints is filled in by
/// <see cref="ExitCodeMapper"/>; the outcomes of an apply's models by <see cref="ApplyEngine"/>; both from this.
/// </summary>
internal static class FailureClassifier
{
    /// <summary>Classifies <paramref name="exception"/>.</summary>
    /// <param name="exception">What ended the command or the step.</param>
    /// <param name="cancelledByUser">Whether Ctrl+C, SIGTERM or failed output had asked the run to stop.</param>
    /// <param name="startingJournaledJob">
    /// Whether it ended a deploy or undeploy POST that apply journals: one that may have reached the service then
    /// leaves the model <see cref="ModelOutcome.Unknown"/> (a person must check), where a single command reports an
    /// API error that says the job may have started.
    /// </param>
    public static Failure Classify(Exception exception, bool cancelledByUser, bool startingJournaledJob = false)
    {
        if (startingJournaledJob && MayHaveStartedAJob(exception))
        {
            return new(ModelOutcome.Unknown, CauseOf(exception), exception);
        }

        var outcome = exception switch
        {
            OperationCanceledException when cancelledByUser => ModelOutcome.Cancelled,
            KoreValidationException => ModelOutcome.InvalidRequest,
            KoreJobFailedException => ModelOutcome.Failed,
            KoreJobTimeoutException => ModelOutcome.TimedOut,
            KoreApiException { Kind: KoreErrorKind.Authentication } => ModelOutcome.AuthenticationError,
            KoreApiException => ModelOutcome.ApiError,
            ManifestException => ModelOutcome.InvalidRequest,
            JournalException => ModelOutcome.JournalError,
            CliConfigurationException or DockPollBudgetUnavailableException => ModelOutcome.ConfigurationError,
            _ => ModelOutcome.Unexpected,
        };
        return new(outcome, CauseOf(exception), exception);
    }

    /// <summary>
    /// Classifies a model of an apply that the loss of the journal's lock (<see cref="DeploymentJournal.Lost"/>) stopped
    /// before it ended. A model left unsettled (a job started and not seen to end, which goes on and only the service
    /// knows how it ends; or an intent recorded whose call was never sent) is <see cref="ModelOutcome.Unknown"/> (exit 9).
    /// Anything else is <see cref="ModelOutcome.JournalError"/> (exit 7): nothing more was started. A model whose work was
    /// done before the loss is not classified here; it ended as it ended.
    /// </summary>
    /// <param name="journalLocation">The journal's location as messages name it (never a credential).</param>
    /// <param name="leftUnsettled">Whether the model has a job started and not seen to end, or an intent without its call.</param>
    public static Failure ClassifyLockLost(string journalLocation, bool leftUnsettled)
    {
        var lost = new JournalException(
            $"the lock on journal {journalLocation} was lost (its store can no longer promise that this apply holds it), so this apply starts and writes nothing more");
        return new(leftUnsettled ? ModelOutcome.Unknown : ModelOutcome.JournalError, "journal lock lost", lost);
    }

    /// <summary>The one exit code of each outcome; 0 for those that need nothing from anyone.</summary>
    public static int ExitCodeOf(ModelOutcome outcome) => outcome switch
    {
        ModelOutcome.Succeeded or ModelOutcome.Unchanged or ModelOutcome.PruneCandidate => ExitCodes.Success,
        ModelOutcome.Failed => ExitCodes.JobFailed,
        ModelOutcome.InvalidRequest => ExitCodes.InvalidRequest,
        ModelOutcome.AuthenticationError => ExitCodes.Authentication,
        ModelOutcome.ApiError => ExitCodes.ApiError,
        ModelOutcome.TimedOut => ExitCodes.WaitTimedOut,
        ModelOutcome.JournalError or ModelOutcome.ConfigurationError => ExitCodes.Configuration,
        ModelOutcome.Unknown => ExitCodes.UnknownState,
        ModelOutcome.Cancelled or ModelOutcome.NotStarted => ExitCodes.Cancelled,
        _ => ExitCodes.Usage,
    };

    /// <summary>
    /// A call's failure in a few words: the SDK's kind and HTTP status (<c>ServerError, HTTP 503</c>), or the type of
    /// what was thrown where the SDK did not classify it.
    /// </summary>
    public static string CauseOf(Exception exception) => exception switch
    {
        KoreApiException api => api.Status > 0 ? $"{api.Kind}, HTTP {api.Status}" : api.Kind.ToString(),
        _ => exception.GetType().Name,
    };

    /// <summary>
    /// Whether a POST that ended this way may have been processed: the SDK says so for its own errors; a connection
    /// lost, an I/O error or a cancellation in flight cannot tell.
    /// </summary>
    private static bool MayHaveStartedAJob(Exception exception) => exception switch
    {
        KoreValidationException => false,
        KoreApiException api => api.RequestMayHaveBeenProcessed,
        _ => exception is HttpRequestException or OperationCanceledException or IOException,
    };
}

/// <summary>What <see cref="FailureClassifier"/> made of a failure.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Cause">The failure in a few words (<see cref="FailureClassifier.CauseOf"/>).</param>
/// <param name="Exception">What was thrown.</param>
internal sealed record Failure(ModelOutcome Outcome, string Cause, Exception Exception)
{
    /// <summary>The exit code of <see cref="Outcome"/>.</summary>
    public int ExitCode => FailureClassifier.ExitCodeOf(Outcome);

    /// <summary>What the service or the SDK said: the service's own message where it gave one.</summary>
    public string Detail => Exception switch
    {
        KoreApiException api => api.ServiceMessage ?? api.Message,
        KoreValidationException invalid => string.Join("; ", invalid.Errors),
        _ => Exception.Message,
    };
}
