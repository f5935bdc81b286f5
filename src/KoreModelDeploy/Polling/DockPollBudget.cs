namespace KoreModelDeploy;

/// <summary>
/// An allowance of Get Dock Status polls per dock job that several processes can share: every poll a client sends,
/// first attempt or retry, takes a slot from it. Without one, each client keeps the vendor's per-job limits (polls at
/// least 1 second apart, at most 1,800 an hour) inside its own process; a budget kept in a shared store (the
/// <c>KoreModelDeploy.PostgreSql</c> package's, say) keeps them for every process that uses the same store.
/// </summary>
/// <remarks>
/// <para>Give a client a budget with <see cref="KoreModelDeployOptions.UsePollBudget(DockPollBudget)"/>, or with
/// <c>UseDockPollBudget</c> on the builder <c>AddKoreModelDeploy</c> returns. A client with a budget of its own no
/// longer uses the in-process one.</para>
/// <para>An implementation must never grant two slots of one job closer than the vendor allows, whoever asks, and must
/// never grant a slot it could not record: a store it cannot reach means no slot. It then throws
/// <see cref="DockPollBudgetUnavailableException"/>, and the client sends nothing.</para>
/// </remarks>
public abstract class DockPollBudget
{
    /// <summary>The least time between two polls of one job that the vendor allows.</summary>
    public static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(1);

    /// <summary>The most polls of one job in any hour that the vendor allows.</summary>
    public const int HourlyLimit = 1800;

    /// <summary>Creates the budget.</summary>
    protected DockPollBudget()
    {
    }

    /// <summary>
    /// How late after its slot a poll may still be sent; <see langword="null"/> (the default), zero or less to send it
    /// however late. A client whose wait for a slot ended later than this (a busy machine, a paused process, a late
    /// timer) takes another slot, once, instead of sending: sent late, the poll could reach the service closer than
    /// allowed to the poll another process sends on time in the next slot. Lateness counts from when the budget was
    /// asked, so the store's round trip is part of it: a limit below that round trip costs every poll a second slot.
    /// A budget that keeps a margin between slots returns at most that margin, and leaves part of it for the way from
    /// the check to the service.
    /// </summary>
    public virtual TimeSpan? LateSlotLimit => null;

    /// <summary>
    /// Takes the next slot for a poll of <paramref name="dockStatusId"/> on <paramref name="host"/>, no sooner than
    /// <paramref name="earliest"/> from now, unless the slot lies more than <paramref name="latest"/> from now.
    /// </summary>
    /// <param name="host">The service polled: the client's <see cref="KoreModelDeployOptions.Host"/>. Only its scheme,
    /// host and port tell budgets apart.</param>
    /// <param name="dockStatusId">The job polled.</param>
    /// <param name="earliest">The soonest the poll would go anyway (a retry's backoff); zero for a poll that may go now.</param>
    /// <param name="latest">The longest the caller can wait, for its slot and for the store together.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>How long from now until the slot taken, at least <paramref name="earliest"/>. A result greater than
    /// <paramref name="latest"/> means the slot was refused and nothing was taken: it says when the next slot would have
    /// come.</returns>
    /// <exception cref="DockPollBudgetUnavailableException">The budget's store could not be reached within
    /// <paramref name="latest"/>: no slot was taken, and the poll must not be sent.</exception>
    public abstract ValueTask<TimeSpan> ReserveAsync(Uri host, string dockStatusId, TimeSpan earliest, TimeSpan latest, CancellationToken cancellationToken);
}
