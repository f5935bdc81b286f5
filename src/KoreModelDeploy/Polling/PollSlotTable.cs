namespace KoreModelDeploy.Polling;

/// <summary>
/// One generation of the poll budget's ids and their slots: an open-addressed table of 64-bit id hashes with one byte
/// per position that holds seven bits of the hash. Ids are added and updated, never removed one by one: a generation is
/// emptied whole (<see cref="PollSlotGenerations"/>). Not thread-safe; <see cref="PollBudget"/> guards it with its lock.
/// </summary>
/// <remarks>
/// <para>A new job's first poll looks up an id the table does not hold. Here that reads only the position bytes, one
/// byte per position, a twenty-fourth of the entries' size, and then writes one entry. A chained dictionary of as many
/// ids reads a bucket, then an entry at random in an array many times the cache's size: a process that starts jobs by
/// the thousand paid two memory round trips on every first poll.</para>
/// <para>Positions are probed linearly and kept at most three quarters used. Nothing is ever removed, so no probe steps
/// over removed positions, and a lookup of an id not held reads about eight tag bytes on average before it stops, mostly
/// within one cache line; it compares only the entries whose tag matches, one in 128 of the others.</para>
/// </remarks>
internal sealed class PollSlotTable
{
    private const byte Free = 0;

    // Tags keep their top bit set, so no tag is Free.
    private const byte TagBit = 0x80;

    private const int MinimumCapacity = 16;

    private byte[] _tags;
    private Entry[] _entries;
    private int _shift;
    private int _count;

    public PollSlotTable()
    {
        _tags = new byte[MinimumCapacity];
        _entries = new Entry[MinimumCapacity];
        _shift = ShiftFor(MinimumCapacity);
    }

    /// <summary>How many ids the table holds.</summary>
    public int Count => _count;

    /// <summary>How many positions the table has: at least four thirds of <see cref="Count"/>, a power of two.</summary>
    internal int Capacity => _tags.Length;

    /// <summary>The position of <paramref name="key"/>, or -1 when it is not held.</summary>
    public int IndexOf(ulong key)
    {
        var tags = _tags;
        var mask = tags.Length - 1;
        var tag = Tag(key);
        var i = Home(key);

        while (true)
        {
            var t = tags[i];
            if (t == Free)
            {
                return -1;
            }

            if (t == tag && _entries[i].Key == key)
            {
                return i;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>The slots at a position <see cref="IndexOf"/> returned, to read and write in place; good until the next <see cref="Add"/> or <see cref="Clear"/>.</summary>
    public ref PollSlots At(int position) => ref _entries[position].Slots;

    /// <summary>
    /// Adds <paramref name="key"/>, which the table must not hold, with the default slots (which constrain nothing), and
    /// returns them to write in place; good until the next <see cref="Add"/> or <see cref="Clear"/>.
    /// </summary>
    public ref PollSlots Add(ulong key)
    {
        if (_count + 1 > _tags.Length / 4 * 3)
        {
            Resize(CapacityFor(_count + 1));
        }

        var position = Place(_tags, _entries, _shift, key, default);
        _count++;
        return ref _entries[position].Slots;
    }

    /// <summary>
    /// Empties the table, sized for about <paramref name="expectedIds"/>: the arrays are kept when they are of that size,
    /// so a generation as large as the last costs no allocation and no growing, and replaced when they are too small or
    /// far too large, so memory follows the ids once a burst of jobs is over.
    /// </summary>
    public void Clear(int expectedIds)
    {
        var fitting = CapacityFor(expectedIds);
        if (_tags.Length < fitting || _tags.Length > 4 * fitting)
        {
            _tags = new byte[fitting];
            _entries = new Entry[fitting];
            _shift = ShiftFor(fitting);
        }
        else
        {
            // Entries hold no references and are read only where a tag is set, so the tags alone are cleared.
            Array.Clear(_tags, 0, _tags.Length);
        }

        _count = 0;
    }

    /// <summary>Every id held, with its slots, in no particular order.</summary>
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

    private void Resize(int capacity)
    {
        var tags = new byte[capacity];
        var entries = new Entry[capacity];
        var shift = ShiftFor(capacity);
        for (var i = 0; i < _tags.Length; i++)
        {
            if (_tags[i] != Free)
            {
                Place(tags, entries, shift, _entries[i].Key, _entries[i].Slots);
            }
        }

        _tags = tags;
        _entries = entries;
        _shift = shift;
    }

    // Puts a key the arrays do not hold at the first free position of its probe; returns that position.
    private static int Place(byte[] tags, Entry[] entries, int shift, ulong key, PollSlots slots)
    {
        var mask = tags.Length - 1;
        var i = (int)(Mix(key) >> shift);
        while (tags[i] != Free)
        {
            i = (i + 1) & mask;
        }

        tags[i] = Tag(key);
        entries[i] = new Entry(key, slots);
        return i;
    }

    private int Home(ulong key) => (int)(Mix(key) >> _shift);

    // Fibonacci hashing: the product's top bits choose the position, so every bit of the key counts.
    private static ulong Mix(ulong key) => key * 0x9E3779B97F4A7C15UL;

    // Seven other bits of the product.
    private static byte Tag(ulong key) => (byte)(TagBit | ((Mix(key) >> 16) & 0x7F));

    private static int ShiftFor(int powerOfTwo)
    {
        var log = 0;
        while ((1 << log) < powerOfTwo)
        {
            log++;
        }

        return 64 - log;
    }

    /// <summary>Walks the positions of the table in order, yielding those that hold an id.</summary>
    public struct Enumerator(PollSlotTable table)
    {
        private int _position = -1;

        public readonly (ulong Key, PollSlots Slots) Current => (table._entries[_position].Key, table._entries[_position].Slots);

        public bool MoveNext()
        {
            var tags = table._tags;
            while (++_position < tags.Length)
            {
                if (tags[_position] != Free)
                {
                    return true;
                }
            }

            return false;
        }
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
