namespace KoreModelDeploy.Polling;

/// <summary>
/// The poll budget's ids in two generations: new ids go into the current one; at each turn the previous generation's
/// ids whose slots still limit a poll join the current one, the rest are forgotten with their table, and the current
/// generation becomes the previous. Not thread-safe; <see cref="PollBudget"/> guards it with its lock.
/// </summary>
/// <remarks>
/// <para>A process that starts jobs by the thousand polls each new one a few times and then never again, and each id
/// must be remembered only until its slots are spent (<see cref="PollSlots.AreSpentAt"/>). Forgetting a whole table at
/// once costs a walk of its log and clearing its index, and adding the ids it keeps, which a busy process has few of.
/// Removing ids one by one, as a sweep of a single table did, wrote into every expired entry, left removed positions
/// for later probes to step over, and needed a table sized for the ids of two sweeps.</para>
/// <para>A new id costs a lookup in each generation. The two do not depend on each other, so they wait for memory
/// together.</para>
/// </remarks>
internal sealed class PollSlotGenerations
{
    private PollSlotTable _current = new();
    private PollSlotTable _previous = new();

    /// <summary>How many ids are held in both generations, spent or not.</summary>
    public int Count => _current.Count + _previous.Count;

    /// <summary>Starts loading the index words a lookup of <paramref name="key"/> reads first, in both generations.</summary>
    public void Prefetch(ulong key)
    {
        _current.Prefetch(key);
        _previous.Prefetch(key);
    }

    /// <summary>The slots of <paramref name="key"/>, or the default, which constrains nothing, when it is not held.</summary>
    public PollSlots Get(ulong key)
    {
        var at = _current.IndexOf(key);
        if (at >= 0)
        {
            return _current.At(at);
        }

        at = _previous.IndexOf(key);
        return at >= 0 ? _previous.At(at) : default;
    }

    /// <summary>
    /// The slots of <paramref name="key"/>, to read and write in place; a key not held is added to the current
    /// generation with the default slots. The reference is good until the next call.
    /// </summary>
    public ref PollSlots GetOrAdd(ulong key)
    {
        var at = _current.IndexOf(key);
        if (at >= 0)
        {
            return ref _current.At(at);
        }

        // Updated where it is: should its slots still limit a poll at the next turn, they are carried over then.
        at = _previous.IndexOf(key);
        if (at >= 0)
        {
            return ref _previous.At(at);
        }

        return ref _current.Add(key);
    }

    /// <summary>
    /// Ends the previous generation: its ids whose slots are not spent at <paramref name="now"/> move into the current
    /// one, the others are forgotten, and the current generation becomes the previous.
    /// </summary>
    public void Turn(long now)
    {
        foreach (var (key, slots) in _previous)
        {
            if (!slots.AreSpentAt(now))
            {
                _current.Add(key) = slots;
            }
        }

        // The next generation will likely see as many new ids as the one that just ended.
        _previous.Clear(_current.Count);
        (_current, _previous) = (_previous, _current);
    }
}
