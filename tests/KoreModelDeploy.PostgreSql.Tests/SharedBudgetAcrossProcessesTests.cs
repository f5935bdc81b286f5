using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;
using KoreModelDeploy.PostgreSql.Tests.TestSupport;

namespace KoreModelDeploy.PostgreSql.Tests;

/// <summary>
/// Three processes wait on one job, polling as fast as their options allow (every 10 ms but for the budget): with the
/// shared budget, the polls leave their processes at least 1 s apart and none is answered 429; with each process's own
/// budget, they leave closer. Each poller stamps the moment a poll leaves its HTTP pipeline for the network, on the
/// machine's monotonic clock: that moment is what a client decides. How long the network and the receiving server's
/// scheduling take afterwards is the budget's margin to absorb, and on a machine loaded on purpose (the stress script)
/// no margin bounds it, so arrivals are not what these tests assert on.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public class SharedBudgetAcrossProcessesTests(PostgreSqlFixture database)
{
    private static readonly TimeSpan WaitLength = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task With_the_shared_budget_three_processes_never_poll_one_job_less_than_a_second_apart()
    {
        var polls = await RunThreePollersAsync(database.ConnectionString);

        polls.Select(p => p.Instance).Distinct().Should().HaveCount(3, "every process polled");
        polls.Should().OnlyContain(p => p.Status == 200, "no poll was refused with 429");
        polls.Count.Should().BeGreaterThanOrEqualTo(4);
        var gaps = Gaps(polls);
        gaps.Should().OnlyContain(gap => gap >= TimeSpan.FromSeconds(1), "polls of one job leave at least 1 s apart; the gaps were {0} (on arrival: {1})", Text(gaps), Text(ArrivalGaps(polls)));
    }

    [Fact]
    public async Task A_process_paused_past_its_slot_takes_another_one_when_it_goes_on_rather_than_poll_late()
    {
        // Paused while it waits for its slot, a process wakes past it; were it to poll then, its poll would land between
        // the others', less than a second from one of them.
        var polls = await RunThreePollersAsync(
            database.ConnectionString,
            wait: TimeSpan.FromSeconds(15),
            meanwhile: async (proxy, id, pollers) =>
            {
                await PollsFromEveryInstanceAsync(proxy, id);
                await pollers[0].PauseAsync(TimeSpan.FromSeconds(2.5));
            });

        polls.Should().OnlyContain(p => p.Status == 200, "no poll was refused with 429");
        polls.Where(p => p.Instance == "instance-1").Should().HaveCountGreaterThanOrEqualTo(2, "the paused process polled before and after its pause");
        var gaps = Gaps(polls);
        gaps.Should().OnlyContain(gap => gap >= TimeSpan.FromSeconds(1), "polls of one job leave at least 1 s apart; the gaps were {0} (on arrival: {1})", Text(gaps), Text(ArrivalGaps(polls)));
    }

    [Fact]
    public async Task Without_it_each_process_keeps_only_its_own_budget_and_together_they_overrun()
    {
        var polls = await RunThreePollersAsync(connectionString: null);

        polls.Select(p => p.Instance).Distinct().Should().HaveCount(3);
        Gaps(polls).Should().Contain(gap => gap < TimeSpan.FromSeconds(1), "three budgets of one poll a second each let three polls a second through");
    }

    private static async Task<IReadOnlyList<VendorCall>> RunThreePollersAsync(string? connectionString, TimeSpan? wait = null, Func<VendorProxy, string, IReadOnlyList<PollerProcess>, Task>? meanwhile = null)
    {
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { JobsNeverComplete = true });
        await using var proxy = await VendorProxy.StartAsync(emulator.BaseAddress);
        var client = new ModelDeploymentClient(new KoreModelDeployOptions { Host = emulator.BaseAddress, ApiKey = emulator.ApiKey });
        var started = await client.DeployAsync("cm-fleet-" + Guid.NewGuid().ToString("N")[..8], ModelType.OpenSource, VendorSampleRequests.OpenSource);

        var pollers = Enumerable.Range(1, 3)
            .Select(i => PollerProcess.Start(proxy.BaseAddress, emulator.ApiKey, started.DockStatusId, "instance-" + i, wait ?? WaitLength, connectionString))
            .ToList();
        try
        {
            // Every instance starts polling once all are running, as the instances of a deployed service do.
            foreach (var poller in pollers)
            {
                await poller.ReadyAsync(ProcessLimit);
            }

            pollers.ForEach(p => p.Go());
            if (meanwhile is not null)
            {
                await meanwhile(proxy, started.DockStatusId, pollers);
            }

            foreach (var poller in pollers)
            {
                (await poller.ExitCodeAsync(ProcessLimit)).Should().Be(0, "the poller waited until its timeout; its output: {0}", poller.Output);
            }
        }
        finally
        {
            pollers.ForEach(p => p.Dispose());
        }

        return proxy.PollsOf(started.DockStatusId);
    }

    /// <summary>Completes once every process has polled the job (bounded: processes that never poll fail the test).</summary>
    private static async Task PollsFromEveryInstanceAsync(VendorProxy proxy, string dockStatusId)
    {
        using var limit = new CancellationTokenSource(ProcessLimit);
        while (proxy.PollsOf(dockStatusId).Select(p => p.Instance).Distinct().Count() < 3)
        {
            await Task.Delay(50, limit.Token);
        }
    }

    /// <summary>The gaps between polls as they left their processes, in that order.</summary>
    private static List<TimeSpan> Gaps(IReadOnlyList<VendorCall> polls)
    {
        polls.Should().OnlyContain(p => p.Sent != null, "every poller stamps when its polls leave");
        var bySent = polls.OrderBy(p => p.Sent).ToList();
        return [.. bySent.Zip(bySent.Skip(1), VendorCall.SentGap)];
    }

    private static List<TimeSpan> ArrivalGaps(IReadOnlyList<VendorCall> polls) => [.. polls.Zip(polls.Skip(1), VendorCall.ArrivalGap)];

    private static string Text(IEnumerable<TimeSpan> gaps) =>
        string.Join(", ", gaps.Select(g => g.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)));
}
