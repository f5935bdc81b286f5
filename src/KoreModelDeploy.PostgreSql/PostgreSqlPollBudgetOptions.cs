namespace KoreModelDeploy.PostgreSql;

/// <summary>Settings of a <see cref="PostgreSqlPollBudget"/>.</summary>
public sealed class PostgreSqlPollBudgetOptions
{
    /// <summary>
    /// Added to the vendor's 1-second spacing between two polls of one job. Processes wait for their slots on their own
    /// timers and send over their own connections, so a poll may leave a little later than its slot and the next one
    /// on time; the margin keeps them 1 second apart where they arrive. A poll whose wait ended more than half the
    /// margin late (a busy machine, a paused process, a slow answer from the database) takes another slot, once, rather
    /// than go late; the other half covers the way from that check to the service. Keep it well above twice the
    /// database's round trip, which counts as lateness. Default 500 milliseconds; from 0 to 1 second (with 0, a late
    /// poll is sent however late).
    /// It costs little: the default polling schedule never polls one job more often than every 4 seconds, so the
    /// spacing binds only when several instances poll the same job at once.
    /// </summary>
    public TimeSpan SpacingMargin { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often, at most, this process deletes the rows of jobs nobody polled for an hour (finished jobs, mostly):
    /// such a row constrains nothing. Default 5 minutes; from 1 second to 1 day.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    internal void Validate()
    {
        if (SpacingMargin < TimeSpan.Zero || SpacingMargin > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(SpacingMargin), SpacingMargin, "SpacingMargin must be from 0 to 1 second.");
        }

        if (SweepInterval < TimeSpan.FromSeconds(1) || SweepInterval > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(SweepInterval), SweepInterval, "SweepInterval must be from 1 second to 1 day.");
        }
    }
}
