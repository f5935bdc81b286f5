namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// <c>apply --lock-timeout</c>: instead of being refused at once, a run waits this long for the journal's holder to
/// finish, saying every <see cref="ReportEvery"/> who it waits for.
/// </summary>
/// <param name="Timeout">How long to wait in all.</param>
/// <param name="Report">Where each waiting line goes.</param>
internal sealed record LockWait(TimeSpan Timeout, Action<string> Report)
{
    /// <summary>How often a waiting run says whom it waits for.</summary>
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(30);
}
