namespace KoreModelDeploy.Emulator.Hosting;

/// <summary>Counts requests per endpoint, whatever their answer (faults, 401 and 429 included).</summary>
internal sealed class RequestCounters
{
    private readonly int[] _counts = new int[Enum.GetValues<EmulatorEndpoint>().Length];

    public void Increment(EmulatorEndpoint endpoint)
    {
        Interlocked.Increment(ref _counts[(int)endpoint]);
        Interlocked.Increment(ref _counts[(int)EmulatorEndpoint.Any]);
    }

    public int Get(EmulatorEndpoint endpoint)
    {
        if (!Enum.IsDefined(endpoint))
        {
            throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Unknown endpoint.");
        }

        return Volatile.Read(ref _counts[(int)endpoint]);
    }
}
