namespace KoreModelDeploy.Testing;

/// <summary>
/// Waits for something another thread does, failing the test instead of hanging it. Linked into each test project, which
/// stay independent of each other.
/// </summary>
internal static class Eventually
{
    // Generous on purpose: the bound only decides how long a broken test takes to fail, and on a busy machine (CI's is
    // shared) a socket, a process or the first call into freshly loaded code can take seconds.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <param name="condition">What must become true.</param>
    /// <param name="what">Named in the failure.</param>
    /// <param name="limit">How long to wait; 30 s unless given (a child process that must start first needs longer).</param>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? Limit);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>As <see cref="WaitUntilAsync(Func{bool}, string, TimeSpan?)"/>, for a condition that is itself a query (a database's rows, say).</summary>
    /// <param name="condition">What must become true.</param>
    /// <param name="what">Named in the failure.</param>
    /// <param name="limit">How long to wait; 30 s unless given.</param>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? Limit);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Awaits a task that must already be finishing; a hang fails the test rather than the run.</summary>
    public static async Task<T> Within<T>(Task<T> task) => await task.WaitAsync(Limit);

    public static async Task Within(Task task) => await task.WaitAsync(Limit);
}
