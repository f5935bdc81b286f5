using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Tests;

/// <summary>One classifier for every command: each exception the SDK or the tool throws has one outcome and one exit code.</summary>
public sealed class FailureClassifierTests
{
    private static readonly DockStatus Failed = KoreModelFactory.DockStatus("ds-1", DockJobStatus.Failed, modelId: "m-1", message: "no capacity");

    public static TheoryData<string, Exception, string, int> EveryFailure => new()
    {
        { "a broken rule", new KoreValidationException([new KoreValidationError("maxTokens", "0", "must be positive")]), nameof(ModelOutcome.InvalidRequest), ExitCodes.InvalidRequest },
        { "a job that ended FAILED", new KoreJobFailedException(Failed), nameof(ModelOutcome.Failed), ExitCodes.JobFailed },
        { "a wait that timed out", new KoreJobTimeoutException("ds-1", null, TimeSpan.FromMinutes(30)), nameof(ModelOutcome.TimedOut), ExitCodes.WaitTimedOut },
        { "a refused key", new KoreApiException("401", KoreErrorKind.Authentication, 401), nameof(ModelOutcome.AuthenticationError), ExitCodes.Authentication },
        { "a server error", new KoreApiException("503", KoreErrorKind.ServerError, 503), nameof(ModelOutcome.ApiError), ExitCodes.ApiError },
        { "no connection", new KoreApiException("refused", KoreErrorKind.Network), nameof(ModelOutcome.ApiError), ExitCodes.ApiError },
        { "a call that may have been processed", new KoreApiException("cut", KoreErrorKind.Network) { RequestMayHaveBeenProcessed = true }, nameof(ModelOutcome.ApiError), ExitCodes.ApiError },
        { "a shared poll budget out of reach", new DockPollBudgetUnavailableException("PostgreSQL", "ds-1", TimeSpan.FromSeconds(30), null), nameof(ModelOutcome.ConfigurationError), ExitCodes.Configuration },
        { "a configuration problem", new CliConfigurationException("no host"), nameof(ModelOutcome.ConfigurationError), ExitCodes.Configuration },
        { "a broken manifest", new ManifestException([new ManifestViolation("environments", "missing")]), nameof(ModelOutcome.InvalidRequest), ExitCodes.InvalidRequest },
        { "a journal that cannot be used", new JournalException("held"), nameof(ModelOutcome.JournalError), ExitCodes.Configuration },
        { "a cancellation nobody asked for", new OperationCanceledException(), nameof(ModelOutcome.Unexpected), ExitCodes.Usage },
        { "anything unforeseen", new InvalidOperationException("bug"), nameof(ModelOutcome.Unexpected), ExitCodes.Usage },
    };

    [Theory]
    [MemberData(nameof(EveryFailure))]
    public void Each_failure_has_one_outcome_and_the_exit_code_of_that_outcome(string what, Exception exception, string outcomeName, int exitCode)
    {
        var outcome = Enum.Parse<ModelOutcome>(outcomeName);
        var failure = FailureClassifier.Classify(exception, cancelledByUser: false);

        failure.Outcome.Should().Be(outcome, what);
        failure.ExitCode.Should().Be(exitCode, what);
        FailureClassifier.ExitCodeOf(outcome).Should().Be(exitCode);
    }

    [Fact]
    public void Every_exception_type_the_SDK_makes_public_is_classified_by_name_not_as_unforeseen()
    {
        var sdkExceptions = typeof(KoreApiException).Assembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();
        var covered = EveryFailure.Select(row => row[1].GetType()).ToHashSet();

        sdkExceptions.Should().NotBeEmpty().And.OnlyContain(t => covered.Contains(t), "a new public exception of the SDK needs its outcome decided here");
        foreach (var row in EveryFailure.Where(row => sdkExceptions.Contains(row[1].GetType())))
        {
            FailureClassifier.Classify((Exception)row[1], cancelledByUser: false).Outcome.Should().NotBe(ModelOutcome.Unexpected);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ctrl_C_is_a_cancellation_for_every_command_even_while_waiting_for_input(bool waitingForInput)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Exception exception = waitingForInput ? new InputWaitCancelledException("the API key file", cancelled.Token) : new OperationCanceledException(cancelled.Token);

        var failure = FailureClassifier.Classify(exception, cancelledByUser: true);

        failure.Outcome.Should().Be(ModelOutcome.Cancelled);
        failure.ExitCode.Should().Be(ExitCodes.Cancelled);
    }

    [Theory]
    [InlineData(true, nameof(ModelOutcome.Unknown), ExitCodes.UnknownState)]
    [InlineData(false, nameof(ModelOutcome.JournalError), ExitCodes.Configuration)]
    public void A_lost_journal_lock_leaves_an_unsettled_model_unknown_and_any_other_a_journal_error_naming_the_store(bool leftUnsettled, string outcomeName, int exitCode)
    {
        var failure = FailureClassifier.ClassifyLockLost("postgres://deploy@db.example.test:5432/kore?sslmode=verify-full", leftUnsettled);

        failure.Outcome.Should().Be(Enum.Parse<ModelOutcome>(outcomeName));
        failure.ExitCode.Should().Be(exitCode);
        failure.Detail.Should().Contain("the lock on journal postgres://deploy@db.example.test:5432/kore?sslmode=verify-full was lost").And.Contain("writes nothing more");
    }

    [Theory]
    [InlineData("processed", true, nameof(ModelOutcome.Unknown))]
    [InlineData("not processed", false, nameof(ModelOutcome.ApiError))]
    public void A_journaled_POST_that_may_have_reached_the_service_leaves_the_model_unknown(string what, bool mayHaveBeenProcessed, string outcomeName)
    {
        var outcome = Enum.Parse<ModelOutcome>(outcomeName);
        var exception = new KoreApiException("cut", KoreErrorKind.Network) { RequestMayHaveBeenProcessed = mayHaveBeenProcessed };

        FailureClassifier.Classify(exception, cancelledByUser: false, startingJournaledJob: true).Outcome.Should().Be(outcome, what);
        FailureClassifier.Classify(exception, cancelledByUser: false).Outcome.Should().Be(ModelOutcome.ApiError, "a single command reports it as an API error that says the job may have started");
    }

    [Theory]
    [InlineData(typeof(HttpRequestException))]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(TaskCanceledException))]
    public void A_journaled_POST_cut_off_below_the_SDK_leaves_the_model_unknown(Type type)
    {
        var exception = (Exception)Activator.CreateInstance(type)!;

        FailureClassifier.Classify(exception, cancelledByUser: false, startingJournaledJob: true).Outcome.Should().Be(ModelOutcome.Unknown);
    }

    [Fact]
    public void A_call_failure_is_named_in_one_way_kind_then_HTTP_status()
    {
        FailureClassifier.CauseOf(new KoreApiException("503", KoreErrorKind.ServerError, 503)).Should().Be("ServerError, HTTP 503");
        FailureClassifier.CauseOf(new KoreApiException("refused", KoreErrorKind.Network)).Should().Be("Network");
        FailureClassifier.CauseOf(new IOException()).Should().Be("IOException");
    }

    [Fact]
    public void Every_outcome_has_an_exit_code_and_only_the_good_ones_have_0()
    {
        foreach (var outcome in Enum.GetValues<ModelOutcome>())
        {
            var good = outcome is ModelOutcome.Succeeded or ModelOutcome.Unchanged or ModelOutcome.PruneCandidate;
            (FailureClassifier.ExitCodeOf(outcome) == ExitCodes.Success).Should().Be(good, outcome.ToString());
        }
    }
}
