using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Tests.Reliability.Support;

/// <summary>
/// Runs a task to completion on a <see cref="FakeTimeProvider"/>, advancing virtual time only while nothing happens in
/// real time, so that retry delays, poll delays and timeouts pass instantly and never fire in the middle of real work.
/// </summary>
internal static class FakeClockDriver
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    /// <summary>Drives <paramref name="task"/>; <paramref name="activity"/> changes whenever the fake server does something.</summary>
    /// <param name="clock">The clock the client uses.</param>
    /// <param name="task">The work to finish.</param>
    /// <param name="activity">A counter the server bumps on every request and body read.</param>
    /// <param name="maxVirtualTime">Fails the drive instead of looping forever when the work never completes.</param>
    public static async Task DriveAsync(FakeTimeProvider clock, Task task, Func<long> activity, TimeSpan? maxVirtualTime = null)
    {
        var limit = maxVirtualTime ?? TimeSpan.FromMinutes(10);
        var advanced = TimeSpan.Zero;
        var quietRounds = 0;
        while (!task.IsCompleted)
        {
            var before = activity();
            await Task.WhenAny(task, Task.Delay(1)).ConfigureAwait(false);
            if (task.IsCompleted)
            {
                break;
            }

            // Two quiet real-time rounds in a row: the client is parked on a timer, so let virtual time move.
            quietRounds = activity() == before ? quietRounds + 1 : 0;
            if (quietRounds < 2)
            {
                continue;
            }

            if (advanced >= limit)
            {
                throw new TimeoutException($"The operation did not complete within {limit} of virtual time.");
            }

            clock.Advance(Step);
            advanced += Step;
            quietRounds = 0;
        }
    }
}
