using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KoreModelDeploy.Polling;

/// <summary>
/// The Get Dock Status calls this process may still make for each dock job on one host: at least
/// <see cref="MinimumSpacing"/> apart and at most <see cref="HourlyLimit"/> in any hour, which keeps every caller of
/// one id together (waits, watches, single calls, several clients) inside the vendor's 60-a-minute and
/// 1,800-an-hour limits.
/// </summary>
/// <remarks>
/// <para>Each id holds two theoretical arrival times (the generic cell rate algorithm): one with a 1-second interval and
/// no burst, for the spacing, and one with a 4-second interval and a tolerance of an hour less 4 seconds, for the hourly
/// cap. The second lets a burst of polls at the 1-second pace use about two thirds of the hour's allowance before
/// settling at one poll every 4 seconds; in any window of an hour it admits at most
/// <c>floor((3600 + 3596) / 4) + 1 = 1800</c> polls.</para>
/// <para>A reservation is a slot in time, taken at once under a short lock and waited for by the caller, so callers
/// queued behind each other get distinct slots. It runs on the client's <see cref="TimeProvider"/>
/// (System.Threading.RateLimiting has no clock to inject), so tests on a fake clock stay instant. Ids are kept in two
/// generations of <see cref="GenerationLength"/> each (<see cref="PollSlotGenerations"/>): at each turn, the ids whose
/// state no longer constrains anything are forgotten, so memory follows the ids polled recently, not every id ever
/// polled. An id polled once is spent after the hourly rule's interval, which is also a generation's length, so it is
/// forgotten at the first turn after that and never carried over.</para>
/// <para>Ids are kept as 64-bit hashes in tables of plain values: a process that starts many jobs holds no object per id
/// for the garbage collector to trace. Two ids whose hashes collide would share one budget, which can only make them
/// wait, never poll faster than allowed.</para>
/// </remarks>
internal sealed class PollBudget
{
    /// <summary>The least time between two polls of one id.</summary>
    public static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(1);

    /// <summary>The most polls of one id in any hour.</summary>
    public const int HourlyLimit = 1800;

    /// <summary>
    /// How long a generation of ids lasts: how often, at most, ids left idle are forgotten. The hourly rule's interval,
    /// after which a poll's own debt is paid.
    /// </summary>
    public static readonly TimeSpan GenerationLength = TimeSpan.FromTicks(2 * TimeSpan.TicksPerHour / HourlyLimit);

    // xxHash64's first two primes: odd, so each multiplication is a bijection.
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

    // Budgets are shared by every client on one clock and one host: in production that is TimeProvider.System, so one
    // budget per host in the process. Times read from different clocks cannot be compared, and a fake clock's budget
    // goes away with the clock.
    private static readonly ConditionalWeakTable<TimeProvider, ConcurrentDictionary<string, PollBudget>> Budgets = new();

    private readonly PollSlotGenerations _ids = new();
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly long _spacing;
    private readonly long _hourlyInterval;
    private readonly long _hourlyTolerance;
    private long _nextTurn;

    public PollBudget(TimeProvider time)
    {
        _time = time;
        _spacing = ToTimestamp(MinimumSpacing);
        var hour = ToTimestamp(TimeSpan.FromHours(1));
        _hourlyInterval = 2 * hour / HourlyLimit;
        _hourlyTolerance = hour - _hourlyInterval;
        _nextTurn = time.GetTimestamp() + _hourlyInterval;
    }

    /// <summary>How many ids the budget currently remembers.</summary>
    public int TrackedIds
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>The budget of the host of <paramref name="host"/>, on <paramref name="time"/>.</summary>
    public static PollBudget For(TimeProvider time, Uri host)
    {
        // Authority is host and port without user-info: one service, whatever credentials or path the URL carries.
        var byHost = Budgets.GetValue(time, static _ => new ConcurrentDictionary<string, PollBudget>(StringComparer.OrdinalIgnoreCase));
        return byHost.GetOrAdd(host.Authority, _ => new PollBudget(time));
    }

    /// <summary>
    /// Takes the next slot for a poll of <paramref name="id"/>, unless it is more than <paramref name="maxWait"/> away.
    /// </summary>
    /// <param name="id">The dock status id.</param>
    /// <param name="maxWait">The longest the caller can wait for its slot.</param>
    /// <param name="wait">How long until the slot: zero when the poll may go now. When the slot is refused, how long until it would have come.</param>
    /// <returns>Whether the slot was taken; a refused slot is left for others.</returns>
    public bool TryReserve(string id, TimeSpan maxWait, out TimeSpan wait) => TryReserve(KeyOf(id), maxWait, out wait);

    /// <summary>
    /// Starts loading where <paramref name="key"/>'s slots are looked up, without the lock, so that a reservation made
    /// after some other work finds them in the cache: a new job's id is looked up at a random place in megabytes of
    /// index. Only a hint; it changes nothing.
    /// </summary>
    public void Prefetch(ulong key) => _ids.Prefetch(key);

    /// <inheritdoc cref="TryReserve(string, TimeSpan, out TimeSpan)"/>
    /// <param name="key">The id's key (<see cref="KeyOf"/>).</param>
    /// <param name="maxWait">The longest the caller can wait for its slot.</param>
    /// <param name="wait">How long until the slot: zero when the poll may go now. When the slot is refused, how long until it would have come.</param>
    public bool TryReserve(ulong key, TimeSpan maxWait, out TimeSpan wait)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            TurnIfDue(now);

            // One lookup finds the id or makes its slot: the common case, an id not polled lately, costs no more. A
            // refused slot leaves an added id at the default, which constrains nothing.
            ref var current = ref _ids.GetOrAdd(key);
            var slot = NextSlot(current, now);
            wait = ToTimeSpan(slot - now);
            if (wait > maxWait)
            {
                return false;
            }

            current = Take(current, slot);
            return true;
        }
    }

    /// <summary>How long until the next slot for a poll of <paramref name="id"/>, without taking it.</summary>
    public TimeSpan NextSlotIn(string id)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            return ToTimeSpan(NextSlot(_ids.Get(KeyOf(id)), now) - now);
        }
    }

    /// <summary>
    /// Takes the next slot for a poll of <paramref name="id"/> no earlier than <paramref name="earliest"/> from now,
    /// however far away it is: for a retry whose own delay is already decided and bounded by the call's overall timeout.
    /// </summary>
    /// <param name="id">The dock status id.</param>
    /// <param name="earliest">The soonest the poll would go anyway.</param>
    /// <returns>How long until the slot, never less than <paramref name="earliest"/>.</returns>
    public TimeSpan Reserve(string id, TimeSpan earliest)
    {
        var now = _time.GetTimestamp();
        var soonest = now + Math.Max(0L, ToTimestamp(earliest));
        var key = KeyOf(id);
        lock (_gate)
        {
            TurnIfDue(now);
            ref var current = ref _ids.GetOrAdd(key);
            var slot = NextSlot(current, soonest);
            current = Take(current, slot);

            // The usual case, nobody else polling this id: exactly the retry's own delay, so no second timer is armed.
            if (slot == soonest)
            {
                return earliest;
            }

            var wait = ToTimeSpan(slot - now);
            return wait > earliest ? wait : earliest;
        }
    }

    /// <summary>Forgets every id whose state no longer limits its next poll: it would get the same slot as a fresh id.</summary>
    internal void Sweep()
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            Turn(now, forgetEverythingSpent: true);
        }
    }

    /// <summary>
    /// A 64-bit hash of the id's UTF-16 code units, four at a time: ordinal, the length mixed in first (so ids that
    /// differ only by trailing zero characters differ), each round a bijection of the state (so ids of one length that
    /// differ in one word never collide), and a final mix that spreads every bit over the result, as the table's
    /// positions and tags take different bits of it. A poll hashes its id once; character at a time, as FNV-1a does,
    /// is a chain of one multiplication per character.
    /// </summary>
    public static ulong KeyOf(string id)
    {
        var chars = id.AsSpan();
        var hash = Prime1 ^ ((ulong)chars.Length * Prime2);
        var words = MemoryMarshal.Cast<char, ulong>(chars);
        foreach (var word in words)
        {
            hash = Round(hash, word);
        }

        var tail = 0UL;
        for (var i = words.Length * 4; i < chars.Length; i++)
        {
            tail = (tail << 16) | chars[i];
        }

        hash = Round(hash, tail);

        // MurmurHash3's finalizer.
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB53FCA6D27A5UL;
        hash ^= hash >> 33;
        return hash;
    }

    private static ulong Round(ulong hash, ulong word)
    {
        var mixed = hash ^ (word * Prime2);
        return ((mixed << 31) | (mixed >> 33)) * Prime1;
    }

    // Called under the lock. Turning at most once a generation bounds its cost, a walk of the previous generation, by
    // the polls of a generation. A budget left alone for two generations or more forgets everything spent at once.
    private void TurnIfDue(long now)
    {
        if (now >= _nextTurn)
        {
            Turn(now, forgetEverythingSpent: now >= _nextTurn + _hourlyInterval);
        }
    }

    // One turn forgets what the previous generation held spent; a second also what the current one did, as the first
    // made it the previous.
    private void Turn(long now, bool forgetEverythingSpent)
    {
        _ids.Turn(now);
        if (forgetEverythingSpent)
        {
            _ids.Turn(now);
        }

        _nextTurn = now + _hourlyInterval;
    }

    /// <summary>The first slot at or after <paramref name="soonest"/> that both rules allow.</summary>
    private long NextSlot(in PollSlots current, long soonest) =>
        Math.Max(soonest, Math.Max(current.NextBySpacing, current.NextByHour - _hourlyTolerance));

    /// <summary>The rules' state once a poll takes <paramref name="slot"/>.</summary>
    private PollSlots Take(in PollSlots current, long slot) =>
        new(slot + _spacing, Math.Max(current.NextByHour, slot) + _hourlyInterval);

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private TimeSpan ToTimeSpan(long timestamps) =>
        timestamps <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(timestamps * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency)));
}
