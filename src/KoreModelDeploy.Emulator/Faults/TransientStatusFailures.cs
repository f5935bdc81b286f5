namespace KoreModelDeploy.Emulator.Faults;

/// <summary>
/// Fails a seeded random share of dock status answers with 503. The draws come from one seeded
/// sequence, so a given number of status calls always yields the same number of failures.
/// </summary>
internal sealed class TransientStatusFailures(double rate, int seed)
{
    private readonly Lock _gate = new();

    // A seeded Random is deterministic by design here; it is not used for anything security related.
#pragma warning disable CA5394
    private readonly Random _random = new(seed);

    public bool ShouldFail()
    {
        if (rate <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _random.NextDouble() < rate;
        }
    }
#pragma warning restore CA5394
}
