using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace KoreModelDeploy.Benchmarks;

/// <summary>
/// The in-process poll budget alone: one reservation for a job's first poll, at the deploy-and-poll benchmark's pace of
/// new jobs (its clock moves 5 µs a reservation, 200,000 new jobs a second), so the budget holds what it holds there:
/// every id for 4 to 8 s, up to about 1.6 million. The ids are made before the run, in the shape the service gives them, and
/// come back only after 20 s of the budget's time, when they are long forgotten: every reservation is of a new id.
/// </summary>
[MemoryDiagnoser]
public class PollBudgetBenchmarks
{
    private const string Budget = "KoreModelDeploy.Polling.PollBudget, KoreModelDeploy";
    private const int Ids = 1 << 22;

    private object _budget = null!;
    private string[] _ids = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _budget = NewBudget(new PacedClock());
        _ids = new string[Ids];
        for (var i = 0; i < Ids; i++)
        {
            _ids[i] = $"ds-{Guid.NewGuid()}";
        }
    }

    /// <summary>A new job's first poll: the id is not in the budget, and goes in.</summary>
    [Benchmark]
    public bool ReserveNewId()
    {
        var id = _ids[_next++ & (Ids - 1)];
        return TryReserve(_budget, id, TimeSpan.FromSeconds(30), out _);
    }

    /// <summary>A clock that moves 5 µs each time it is read: the pace of new jobs, whatever the speed of the machine.</summary>
    private sealed class PacedClock : TimeProvider
    {
        private static readonly long Step = Stopwatch.Frequency / 200_000;
        private long _now;

        public override long GetTimestamp() => Interlocked.Add(ref _now, Step);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    [return: UnsafeAccessorType(Budget)]
    private static extern object NewBudget(TimeProvider time);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "TryReserve")]
    private static extern bool TryReserve([UnsafeAccessorType(Budget)] object budget, string id, TimeSpan maxWait, out TimeSpan wait);
}
