namespace KoreModelDeploy;

/// <summary>
/// A poll was not sent because its <see cref="DockPollBudget"/> could not give it a slot: the budget's store could not be
/// reached in time. Nothing went to the service. A wait treats it as a pause, not as a failed poll: it polls again, and it
/// does not count it toward <see cref="DockPollingOptions.MaxConsecutiveFailures"/>.
/// </summary>
/// <remarks>The message names the store (its kind, host, port and database) and never its password or connection string.</remarks>
public sealed class DockPollBudgetUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">Names the store without credentials, for example <c>PostgreSQL poll budget at db:5432/kore</c>.</param>
    /// <param name="dockStatusId">The job whose poll was not sent.</param>
    /// <param name="waited">How long the caller waited for the store.</param>
    /// <param name="innerException">The store's last failure, with nothing in it that the store's credentials could reach.</param>
    public DockPollBudgetUnavailableException(string store, string dockStatusId, TimeSpan waited, Exception? innerException)
        : base(BuildMessage(store, dockStatusId, waited, innerException), innerException)
    {
        Store = store;
        DockStatusId = dockStatusId;
        Waited = waited;
    }

    /// <summary>The store that could not be reached, named without credentials.</summary>
    public string Store { get; }

    /// <summary>The job whose poll was not sent.</summary>
    public string DockStatusId { get; }

    /// <summary>How long the caller waited for the store before giving up.</summary>
    public TimeSpan Waited { get; }

    private static string BuildMessage(string store, string dockStatusId, TimeSpan waited, Exception? inner)
    {
        var why = inner is null ? string.Empty : " (" + inner.GetType().Name + ")";
        return FormattableString.Invariant(
            $"Get Dock Status for '{dockStatusId}' was not sent: the {store} could not be reached in {waited.TotalSeconds:0.###} s{why}, so the poll had no slot.");
    }
}
