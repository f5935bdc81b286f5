namespace KoreModelDeploy.Polling;

/// <summary>
/// The poll budget's ids and their slots: an open-addressed table of 64-bit id hashes with one byte per position that
/// holds seven bits of the hash. Not thread-safe; <see cref="PollBudget"/> guards it with its lock.
/// </summary>
/// <remarks>
/// <para>A new job's first poll looks up an id the table does not hold. Here that reads only the position bytes, one
/// byte per position, a twenty-fourth of the entries' size, and then writes one entry. A chained dictionary of as many
/// ids reads a bucket, then an entry at random in an array many times the cache's size: a process that starts jobs by
/// the thousand paid two memory round trips on every first poll.</para>
/// <para>Positions are probed linearly and kept at most half used, counting positions whose ids were removed, so a
/// lookup reads a few bytes before it stops, mostly within one cache line, and compares only the entries whose tag
/// matches, one in 128 of the others. (Three quarters used measured slower: fewer removed positions can be freed, and
/// the table is rebuilt more often.) <see cref="RemoveWhere"/> frees what no probe needs any more, and the table is
/// rebuilt at a size that follows the ids it holds, so it shrinks again once a burst of jobs is forgotten.</para>
/// </remarks>
internal sealed class PollSlotTable
{
    private const byte Free = 0;

    // A removed id's position: a lookup steps over it, since an id placed after it may be further along.
    private const byte Removed = 1;

    private const int MinimumCapacity = 16;

    private byte[] _tags;
    private Entry[] _entries;
    private int _shift;
    private int _count;
    private int _used;

    public PollSlotTable()
        : this(MinimumCapacity)
    {
    }

    private PollSlotTable(int capacity)
    {
        _tags = new byte[capacity];
        _entries = new Entry[capacity];
        _shift = 64 - Log2(capacity);
    }

    /// <summary>How many ids the table holds.</summary>
    public int Count => _count;

    /// <summary>
    /// How many positions the table has: at least twice <see cref="Count"/>; after a removal, at most sixteen times as
    /// many or the minimum of 16.
    /// </summary>
    internal int Capacity => _tags.Length;

    /// <summary>How many positions a probe may have to step over: those held, and those removed but not yet freed.</summary>
    internal int Used => _used;

    /// <summary>The slots of <paramref name="key"/>, or the default when it is not held.</summary>
    public PollSlots Get(ulong key)
    {
        var position = Find(key, out _);
        return position >= 0 ? _entries[position].Slots : default;
    }

    /// <summary>
    /// The slots of <paramref name="key"/>, to read and write in place; a key not held is added with the default slots,
    /// which constrain nothing. The reference is good until the table is next changed.
    /// </summary>
    public ref PollSlots GetOrAdd(ulong key)
    {
        var position = Find(key, out var insertAt);
        if (position >= 0)
        {
            return ref _entries[position].Slots;
        }

        if (_tags[insertAt] == Free)
        {
            if (_used + 1 > _tags.Length / 2)
            {
                Rebuild(_count + 1);
                Find(key, out insertAt);
            }

            _used++;
        }

        _tags[insertAt] = Tag(key);
        _entries[insertAt] = new Entry(key, default);
        _count++;
        return ref _entries[insertAt].Slots;
    }

    /// <summary>Removes every id whose slots match <paramref name="expired"/>; returns how many were removed.</summary>
    public int RemoveWhere<TState>(Func<PollSlots, TState, bool> expired, TState state)
    {
        var tags = _tags;
        var removed = 0;
        for (var i = 0; i < tags.Length; i++)
        {
            if (tags[i] > Removed && expired(_entries[i].Slots, state))
            {
                tags[i] = Removed;
                _entries[i] = default;
                _count--;
                removed++;
            }
        }

        // A removed position followed by a free one ends every probe that reaches it anyway, so it can be freed. Walking
        // backwards from a free position, once round the table, frees whole runs of them, also those that wrap.
        var mask = tags.Length - 1;
        var free = Array.IndexOf(tags, Free);
        for (var step = 1; step < tags.Length; step++)
        {
            var i = (free - step) & mask;
            if (tags[i] == Removed && tags[(i + 1) & mask] == Free)
            {
                tags[i] = Free;
                _used--;
            }
        }

        // Most ids forgotten: a table that follows what is left. Only below a sixteenth, so that a table whose ids come
        // and go at a steady pace (a sweep forgets half of them, new jobs bring as many back) is not rebuilt smaller
        // after every sweep and larger again before the next.
        if (_tags.Length > MinimumCapacity && _count <= _tags.Length / 16)
        {
            Rebuild(_count);
        }

        return removed;
    }

    // The key's position when held (-1 otherwise), and where it would be added: the first removed position on its
    // probe, or the free one that ended it.
    private int Find(ulong key, out int insertAt)
    {
        var tags = _tags;
        var mask = tags.Length - 1;
        var tag = Tag(key);
        var i = (int)(Mix(key) >> _shift);
        insertAt = -1;
        while (true)
        {
            var t = tags[i];
            if (t == Free)
            {
                if (insertAt < 0)
                {
                    insertAt = i;
                }

                return -1;
            }

            if (t == tag && _entries[i].Key == key)
            {
                return i;
            }

            if (t == Removed && insertAt < 0)
            {
                insertAt = i;
            }

            i = (i + 1) & mask;
        }
    }

    // A table of four times the ids (at least the minimum): room to double before the next rebuild.
    private void Rebuild(int ids)
    {
        var capacity = MinimumCapacity;
        while (capacity < ids * 4)
        {
            capacity *= 2;
        }

        var rebuilt = new PollSlotTable(capacity);
        var tags = _tags;
        for (var i = 0; i < tags.Length; i++)
        {
            if (tags[i] > Removed)
            {
                rebuilt.GetOrAdd(_entries[i].Key) = _entries[i].Slots;
            }
        }

        _tags = rebuilt._tags;
        _entries = rebuilt._entries;
        _shift = rebuilt._shift;
        _count = rebuilt._count;
        _used = rebuilt._used;
    }

    // Fibonacci hashing: the product's top bits choose the position, so every bit of the key counts.
    private static ulong Mix(ulong key) => key * 0x9E3779B97F4A7C15UL;

    // Seven other bits of the product, never Free or Removed.
    private static byte Tag(ulong key) => (byte)(0x80 | ((Mix(key) >> 16) & 0x7F));

    private static int Log2(int powerOfTwo)
    {
        var log = 0;
        while ((1 << log) < powerOfTwo)
        {
            log++;
        }

        return log;
    }

    private struct Entry(ulong key, PollSlots slots)
    {
        public ulong Key = key;
        public PollSlots Slots = slots;
    }
}

/// <summary>When the next poll of an id may go, by each rule of <see cref="PollBudget"/>, in timestamps of its clock.</summary>
/// <remarks>An id not known is the default, zero for both: it constrains nothing.</remarks>
internal readonly record struct PollSlots(long NextBySpacing, long NextByHour);
