namespace KoreModelDeploy.Fleet.Waits;

/// <summary>Where in the polling options' jitter range a delay falls, drawn at random as the SDK's own wait draws it.</summary>
internal static class PollJitter
{
    /// <summary>A value from -1 to 1.</summary>
    public static double Next() => (Random.Shared.NextDouble() * 2) - 1;
}
