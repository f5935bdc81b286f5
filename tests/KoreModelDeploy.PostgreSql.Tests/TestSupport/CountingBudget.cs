namespace KoreModelDeploy.PostgreSql.Tests.TestSupport;

/// <summary>Passes reservations on to a real budget and counts what it granted and how often its store failed.</summary>
internal sealed class CountingBudget(DockPollBudget inner) : DockPollBudget
{
    private int _granted;
    private int _unavailable;

    public int Granted => Volatile.Read(ref _granted);

    public int Unavailable => Volatile.Read(ref _unavailable);

    public override async ValueTask<TimeSpan> ReserveAsync(Uri host, string dockStatusId, TimeSpan earliest, TimeSpan latest, CancellationToken cancellationToken)
    {
        try
        {
            var wait = await inner.ReserveAsync(host, dockStatusId, earliest, latest, cancellationToken);
            if (wait <= latest)
            {
                Interlocked.Increment(ref _granted);
            }

            return wait;
        }
        catch (DockPollBudgetUnavailableException)
        {
            Interlocked.Increment(ref _unavailable);
            throw;
        }
    }
}
