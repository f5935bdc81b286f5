using KoreModelDeploy.Polling;

namespace KoreModelDeploy.Tests.Polling;

public sealed class PollSlotTableTests
{
    [Fact]
    public void An_id_not_held_reads_as_slots_that_constrain_nothing_and_is_not_added_by_reading()
    {
        var table = new PollSlotTable();

        table.Get(42).Should().Be(default(PollSlots));
        table.Count.Should().Be(0);
    }

    [Fact]
    public void Slots_written_through_the_reference_are_read_back_for_the_same_key_only()
    {
        var table = new PollSlotTable();

        table.GetOrAdd(1) = new PollSlots(10, 40);
        table.GetOrAdd(2) = new PollSlots(20, 80);
        table.GetOrAdd(1) = new PollSlots(11, 44);

        table.Count.Should().Be(2);
        table.Get(1).Should().Be(new PollSlots(11, 44));
        table.Get(2).Should().Be(new PollSlots(20, 80));
        table.Get(3).Should().Be(default(PollSlots));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(2, 4)]
    [InlineData(4, 0)]
    public void Keys_that_start_their_probe_at_one_position_are_each_found_after_others_on_it_are_removed(int removedFirst, int removedSecond)
    {
        // In a new table of 16 positions, keys whose mixed value has 14 as its top four bits start their probe at 14, so
        // five of them take positions 14, 15, 0, 1 and 2: the probe wraps round the end of the table.
        var sameHome = Enumerable.Range(1, 100_000).Select(i => (ulong)i)
            .Where(key => (key * 0x9E3779B97F4A7C15UL) >> 60 == 14)
            .Take(5).ToList();
        var table = new PollSlotTable();
        foreach (var key in sameHome)
        {
            table.GetOrAdd(key) = new PollSlots((long)key, (long)key);
        }

        var gone = new[] { sameHome[removedFirst], sameHome[removedSecond] };
        table.RemoveWhere(static (slots, keys) => keys.Contains((ulong)slots.NextByHour), gone).Should().Be(2);

        table.Count.Should().Be(3);
        gone.Select(table.Get).Should().OnlyContain(slots => slots == default(PollSlots));
        var kept = sameHome.Except(gone).ToList();
        kept.Select(key => table.Get(key).NextBySpacing).Should().Equal(kept.Select(key => (long)key));

        // Added again, a removed key takes a position on its probe and is found there.
        table.GetOrAdd(gone[0]) = new PollSlots(7, 7);
        table.Get(gone[0]).Should().Be(new PollSlots(7, 7));
        kept.Select(key => table.Get(key).NextBySpacing).Should().Equal(kept.Select(key => (long)key));
    }

    [Fact]
    public void Removing_every_id_frees_every_position_also_where_a_run_of_them_wraps_round_the_end()
    {
        var wrapping = Enumerable.Range(1, 100_000).Select(i => (ulong)i)
            .Where(key => (key * 0x9E3779B97F4A7C15UL) >> 60 == 14)
            .Take(5).ToList();
        var table = new PollSlotTable();
        wrapping.ForEach(key => table.GetOrAdd(key) = new PollSlots(0, 1));
        table.Used.Should().Be(5);

        table.RemoveWhere(static (_, _) => true, 0).Should().Be(5);

        table.Count.Should().Be(0);
        table.Used.Should().Be(0, "no probe needs a removed position once nothing is held");
    }

    [Fact]
    public void The_table_grows_with_the_ids_it_holds_and_shrinks_once_most_are_removed()
    {
        var table = new PollSlotTable();
        for (ulong key = 1; key <= 100_000; key++)
        {
            table.GetOrAdd(key) = new PollSlots(1, (long)key);
        }

        table.Capacity.Should().BeInRange(200_000, 800_000, "at most half the positions are used, and a rebuild leaves room to double");

        table.RemoveWhere(static (slots, _) => slots.NextByHour > 10, 0).Should().Be(99_990);

        table.Count.Should().Be(10);
        table.Capacity.Should().BeLessThanOrEqualTo(64);
        Enumerable.Range(1, 10).Select(key => table.Get((ulong)key).NextByHour).Should().Equal(Enumerable.Range(1, 10).Select(key => (long)key));
    }

    [Fact]
    public void Ids_coming_and_going_at_a_steady_pace_keep_the_table_at_a_steady_size()
    {
        // The budget's steady state: new ids all the time, each forgotten a while later.
        var table = new PollSlotTable();
        var capacities = new List<int>();
        ulong next = 1;
        for (var round = 0; round < 200; round++)
        {
            for (var i = 0; i < 1000; i++, next++)
            {
                table.GetOrAdd(next * 7919) = new PollSlots(0, (long)next);
            }

            table.RemoveWhere(static (slots, oldest) => slots.NextByHour < oldest, (long)next - 3000);
            capacities.Add(table.Capacity);
        }

        table.Count.Should().Be(3000);
        capacities.Skip(10).Max().Should().BeLessThanOrEqualTo(16_384, "4,000 ids at most need no more than 16,384 positions at a load of a half or less");
        table.Used.Should().BeLessThanOrEqualTo(table.Capacity / 2);

        table.RemoveWhere(static (_, _) => true, 0);
        table.Used.Should().Be(0);
    }

    [Fact]
    public void Random_adds_updates_and_removals_read_as_a_dictionary_does()
    {
        var random = new Random(20261207);
        var table = new PollSlotTable();
        var reference = new Dictionary<ulong, PollSlots>();
        for (var step = 0; step < 200_000; step++)
        {
            // A small key space, so that keys come back after they were removed.
            var key = (ulong)random.Next(1, 5000) * 0x100000001UL;
            switch (random.Next(10))
            {
                case < 6:
                    var slots = new PollSlots(random.Next(), random.Next(0, 1000));
                    table.GetOrAdd(key) = slots;
                    reference[key] = slots;
                    break;
                case < 9:
                    table.Get(key).Should().Be(reference.TryGetValue(key, out var held) ? held : default);
                    break;
                default:
                    var limit = random.Next(0, 100);
                    var removed = table.RemoveWhere(static (s, l) => s.NextByHour < l, limit);
                    var expected = reference.Where(pair => pair.Value.NextByHour < limit).Select(pair => pair.Key).ToList();
                    expected.ForEach(k => reference.Remove(k));
                    removed.Should().Be(expected.Count);
                    break;
            }

            table.Count.Should().Be(reference.Count);
        }

        reference.Keys.Where(key => table.Get(key) != reference[key]).Should().BeEmpty();
    }
}
