namespace KoreModelDeploy.Polling;

/// <summary>
/// One generation of the poll budget's ids and their slots: the ids in the order they came (a log), and an
/// open-addressed index of 32-bit words, each holding where in the log its id is and as many bits of the id's hash as
/// the rest of the word holds. Ids are added and updated, never removed one by one: a generation is emptied whole
/// (<see cref="PollSlotGenerations"/>). Not thread-safe; <see cref="PollBudget"/> guards it with its lock.
/// </summary>
/// <remarks>
/// <para>A new job's first poll looks up an id the table does not hold, then adds it. The lookup reads a few index words
/// at one random place, mostly within one cache line, and compares the log's entry only where the hash bits match. The
/// addition writes a word in that same line, and the entry at the end of the log, next to the last one. So a new id
/// waits for memory once. Where the entry was written beside its index word, in an array many times the cache's size,
/// the write waited for a second round trip, which only the lookup's answer could start.</para>
/// <para>Index positions are probed linearly and kept at most three quarters used. Nothing is ever removed, so no probe
/// steps over removed positions.</para>
/// </remarks>
internal sealed class PollSlotTable
{
    private const uint Free = 0;

    private const int MinimumCapacity = 16;

    private uint[] _index;
    private Entry[] _log;

    // log2 of the capacity: the bits of an index word that hold a log position, and of the hash that choose a position.
    private int _positionBits;
    private int _count;

    public PollSlotTable()
    {
        _index = [];
        _log = [];
        Allocate(MinimumCapacity);
    }

    /// <summary>How many ids the table holds.</summary>
    public int Count => _count;

    /// <summary>How many index positions the table has: at least four thirds of <see cref="Count"/>, a power of two.</summary>
    internal int Capacity => _index.Length;

    /// <summary>Where <paramref name="key"/> is in the log, or -1 when it is not held.</summary>
    public int IndexOf(ulong key)
    {
        var index = _index;
        var mask = index.Length - 1;
        var tag = Tag(key);
        var i = Home(key);
        while (true)
        {
            var word = index[i];
            if (word == Free)
            {
                return -1;
            }

            if (word >> _positionBits == tag)
            {
                var at = (int)(word & ((1u << _positionBits) - 1)) - 1;
                if (_log[at].Key == key)
                {
                    return at;
                }
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// Starts loading the index word where a lookup of <paramref name="key"/> begins, on x86; elsewhere it does nothing.
    /// Safe without the budget's lock: a prefetch never faults, and one of an array a turn or a resize has since replaced
    /// only loads a line nobody reads.
    /// </summary>
#pragma warning disable CA1822 // Reads the instance where the intrinsic exists; the netstandard2.0 build has none.
    public unsafe void Prefetch(ulong key)
#pragma warning restore CA1822
    {
#if NET
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            // Read once: another thread may replace the index and its width meanwhile, and the masked position stays inside this one.
            var index = _index;
            var at = (int)(Mix(key) >> (64 - _positionBits)) & (index.Length - 1);
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(System.Runtime.CompilerServices.Unsafe.AsPointer(ref index[at]));
        }
#endif
    }

    /// <summary>The slots at a place <see cref="IndexOf"/> returned, to read and write in place; good until the next <see cref="Add"/> or <see cref="Clear"/>.</summary>
    public ref PollSlots At(int position) => ref _log[position].Slots;

    /// <summary>
    /// Adds <paramref name="key"/>, which the table must not hold, with the default slots (which constrain nothing), and
    /// returns them to write in place; good until the next <see cref="Add"/> or <see cref="Clear"/>.
    /// </summary>
    public ref PollSlots Add(ulong key)
    {
        if (_count == _log.Length)
        {
            Resize(_index.Length * 2);
        }

        var at = _count++;
        _log[at] = new Entry(key, default);
        Place(key, at);
        return ref _log[at].Slots;
    }

    /// <summary>
    /// Empties the table, sized for about <paramref name="expectedIds"/>: the arrays are kept when they are of that size,
    /// so a generation as large as the last costs no allocation and no growing, and replaced when they are too small or
    /// far too large, so memory follows the ids once a burst of jobs is over.
    /// </summary>
    public void Clear(int expectedIds)
    {
        var fitting = CapacityFor(expectedIds);
        if (_index.Length < fitting || _index.Length > 4 * fitting)
        {
            Allocate(fitting);
        }
        else
        {
            // The log's entries hold no references and are read only where the index points, so the index alone is cleared.
            Array.Clear(_index, 0, _index.Length);
        }

        _count = 0;
    }

    /// <summary>Every id held, with its slots, in the order they were added.</summary>
    public Enumerator GetEnumerator() => new(this);

    // Room for the ids at a load of at most five eighths: a fifth more of them fit before the table must grow.
    private static int CapacityFor(int ids)
    {
        var capacity = MinimumCapacity;
        while (ids > capacity / 8 * 5)
        {
            capacity *= 2;
        }

        return capacity;
    }

    // Empty arrays for a capacity. The log holds what the index may: three quarters of its positions.
    private void Allocate(int capacity)
    {
        var log2 = 0;
        while ((1 << log2) < capacity)
        {
            log2++;
        }

        _index = new uint[capacity];
        _log = new Entry[capacity / 4 * 3];

        // A word holds the log position plus one, never Free, below the tag: positions are less than the capacity.
        _positionBits = log2;
    }

    private void Resize(int capacity)
    {
        var log = _log;
        Allocate(capacity);
        Array.Copy(log, _log, _count);
        for (var at = 0; at < _count; at++)
        {
            Place(_log[at].Key, at);
        }
    }

    // Writes the index word of a key the index does not hold at the first free position of its probe.
    private void Place(ulong key, int at)
    {
        var index = _index;
        var mask = index.Length - 1;
        var i = Home(key);
        while (index[i] != Free)
        {
            i = (i + 1) & mask;
        }

        index[i] = (Tag(key) << _positionBits) | (uint)(at + 1);
    }

    private int Home(ulong key) => (int)(Mix(key) >> (64 - _positionBits));

    // The bits of the word above the position: the low bits of the product, which the position (its top bits) does not use.
    // An array has fewer than 2^31 positions, so at least one bit is left.
    private uint Tag(ulong key) => (uint)Mix(key) & ((1u << (32 - _positionBits)) - 1);

    // Fibonacci hashing: the product's top bits choose the position, so every bit of the key counts.
    private static ulong Mix(ulong key) => key * 0x9E3779B97F4A7C15UL;

    /// <summary>Walks the log in order.</summary>
    public struct Enumerator(PollSlotTable table)
    {
        private int _at = -1;

        public readonly (ulong Key, PollSlots Slots) Current => (table._log[_at].Key, table._log[_at].Slots);

        public bool MoveNext() => ++_at < table._count;
    }

    private struct Entry(ulong key, PollSlots slots)
    {
        public ulong Key = key;
        public PollSlots Slots = slots;
    }
}

/// <summary>When the next poll of an id may go, by each rule of <see cref="PollBudget"/>, in timestamps of its clock.</summary>
/// <remarks>An id not known is the default, zero for both: it constrains nothing.</remarks>
internal readonly record struct PollSlots(long NextBySpacing, long NextByHour)
{
    /// <summary>
    /// Whether these slots no longer limit a poll at <paramref name="now"/> or later: a poll would get the same slot, and
    /// leave the same slots behind, as one of an id never polled. The hourly rule's next slot is always the later one.
    /// </summary>
    public bool AreSpentAt(long now) => NextByHour <= now;
}
