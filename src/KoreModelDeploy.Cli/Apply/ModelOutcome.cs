namespace KoreModelDeploy.Cli.Apply;

/// <summary>How a command, or one model of an apply, ended: each outcome has one exit code (<see cref="FailureClassifier.ExitCodeOf"/>).</summary>
internal enum ModelOutcome
{
    /// <summary>Every step ended SUCCESS.</summary>
    Succeeded,

    /// <summary>Nothing to do: deployed with these settings.</summary>
    Unchanged,

    /// <summary>In the journal and not in the manifest, left alone without <c>--prune</c>; does not affect the exit code.</summary>
    PruneCandidate,

    /// <summary>A job ended FAILED (now, or before and not retried).</summary>
    Failed,

    /// <summary>A deploy or undeploy may or may not have started; a person must resolve it.</summary>
    Unknown,

    /// <summary>The wait timed out; the recorded id is waited on by the next apply.</summary>
    TimedOut,

    /// <summary>A call failed; a POST that failed this way certainly started nothing.</summary>
    ApiError,

    /// <summary>The service refused the key.</summary>
    AuthenticationError,

    /// <summary>The SDK refused the request before sending it (a rule broken; the manifest check makes this rare).</summary>
    InvalidRequest,

    /// <summary>The journal could not be written (a full disk, a file size limit): no call was sent after that, and the message says what the journal lacks.</summary>
    JournalError,

    /// <summary>Stopped by Ctrl+C; a started job goes on and the next apply waits on it.</summary>
    Cancelled,

    /// <summary>Not reached: the apply was cancelled first.</summary>
    NotStarted,

    /// <summary>The tool's own configuration stopped it (a store it needs cannot be reached).</summary>
    ConfigurationError,

    /// <summary>A failure nothing foresaw; its message is shown as it is.</summary>
    Unexpected,
}
