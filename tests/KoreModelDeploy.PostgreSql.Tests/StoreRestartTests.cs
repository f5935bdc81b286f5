using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;
using KoreModelDeploy.PostgreSql.Tests.TestSupport;

namespace KoreModelDeploy.PostgreSql.Tests;

[Collection(PostgreSqlServerGroup.Name)]
public class StoreRestartTests(PostgreSqlFixture database)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_wait_pauses_while_the_database_is_down_sends_nothing_without_a_slot_and_resumes_when_it_is_back()
    {
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { JobsNeverComplete = true });
        await using var store = new PostgreSqlPollBudget(database.ConnectionString);
        var budget = new CountingBudget(store);
        var options = new KoreModelDeployOptions
        {
            Host = emulator.BaseAddress,
            ApiKey = emulator.ApiKey,

            // A poll waits at most this long for the store before it fails, so the pause shows within seconds.
            Timeout = TimeSpan.FromSeconds(2),
            AttemptTimeout = TimeSpan.FromSeconds(1),
            Polling =
            {
                InitialDelay = TimeSpan.FromMilliseconds(10),
                Multiplier = 1,
                MaxDelay = TimeSpan.FromMilliseconds(10),
                Jitter = 0,
                Timeout = TimeSpan.FromMinutes(3),

                // Store failures are not failed polls: the wait outlives more of them than this.
                MaxConsecutiveFailures = 1,
            },
        }.UsePollBudget(budget);
        var client = new ModelDeploymentClient(options);
        var started = await new ModelDeploymentClient(new KoreModelDeployOptions { Host = emulator.BaseAddress, ApiKey = emulator.ApiKey }).DeployAsync("cm-restart-" + Guid.NewGuid().ToString("N")[..8], ModelType.OpenSource, VendorSampleRequests.OpenSource);
        using var stop = new CancellationTokenSource();
        var wait = client.GetDockOperation(started.DockStatusId).WaitForCompletionAsync(options.Polling, cancellationToken: stop.Token);
        int Polls() => emulator.GetRequestCount(EmulatorEndpoint.DockStatus);

        try
        {
            await Eventually.WaitUntilAsync(() => Polls() >= 2, "two polls before the restart", Bound);

            await database.Server.StopAsync();
            await Eventually.WaitUntilAsync(() => budget.Unavailable >= 1, "a poll that found the store down", Bound);
            var pollsWhileDown = Polls();
            await Eventually.WaitUntilAsync(() => budget.Unavailable >= 3, "three polls that found the store down", Bound);

            Polls().Should().Be(pollsWhileDown, "no poll goes out without a slot");
            wait.IsCompleted.Should().BeFalse("a store out of reach pauses the wait; it does not count as a failed poll: {0}", wait.Exception);

            await database.Server.StartAgainAsync();

            // The other tests' pooled connections died with the server; the budget's own pool finds that out by itself.
            database.DataSource.Clear();
            await Eventually.WaitUntilAsync(() => Polls() >= pollsWhileDown + 2, "polls after the store came back", Bound);

            wait.IsCompleted.Should().BeFalse();
            Polls().Should().BeLessThanOrEqualTo(budget.Granted, "every poll sent had a slot");
        }
        finally
        {
            stop.Cancel();
            await FluentActions.Awaiting(() => wait).Should().ThrowAsync<OperationCanceledException>();
        }
    }
}
