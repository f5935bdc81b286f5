namespace KoreModelDeploy.Cli.Journal;

/// <summary>The journal cannot be used as it is (missing without <c>--init</c>, another host's, locked, corrupt); the message says what to do. Exit code 7.</summary>
internal sealed class JournalException : Exception
{
    public JournalException(string message)
        : base(message)
    {
    }

    public JournalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the journal was refused because another apply holds its lock: what <c>--lock-timeout</c> waits out.</summary>
    public bool LockHeld { get; init; }

    /// <summary>Who holds the lock, as the refusal names it, for the line a waiting run prints; <see langword="null"/> where the store does not say.</summary>
    public string? HeldBy { get; init; }
}
