namespace KoreModelDeploy.Fleet.Tests.TestSupport;

/// <summary>Waits on what an instance answers, failing the test instead of hanging it.</summary>
internal static class Until
{
    /// <summary>Asks <paramref name="condition"/> until it holds or <paramref name="limit"/> passes.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan limit, Func<string> output)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}; the instances wrote:{Environment.NewLine}{output()}");
            }

            await Task.Delay(20);
        }
    }
}
