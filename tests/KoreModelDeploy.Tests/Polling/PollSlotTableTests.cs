using KoreModelDeploy.Polling;

namespace KoreModelDeploy.Tests.Polling;

public sealed class PollSlotTableTests
{
    [Fact]
    public void An_id_not_held_is_not_found_and_looking_does_not_add_it()
    {
        var table = new PollSlotTable();

        table.IndexOf(42).Should().Be(-1);
        table.Count.Should().Be(0);
    }

    [Fact]
    public void Slots_written_through_the_reference_are_read_back_for_the_same_key_only()
    {
        var table = new PollSlotTable();

        table.Add(1) = new PollSlots(10, 40);
        table.Add(2) = new PollSlots(20, 80);
        table.At(table.IndexOf(1)) = new PollSlots(11, 44);

        table.Count.Should().Be(2);
        table.At(table.IndexOf(1)).Should().Be(new PollSlots(11, 44));
        table.At(table.IndexOf(2)).Should().Be(new PollSlots(20, 80));
        table.IndexOf(3).Should().Be(-1);
    }

    [Fact]
    public void An_added_id_starts_with_slots_that_constrain_nothing()
    {
        var table = new PollSlotTable();

        table.Add(7).Should().Be(default(PollSlots));
        default(PollSlots).AreSpentAt(0).Should().BeTrue();
    }

    [Fact]
    public void Keys_that_start_their_probe_at_one_position_are_each_found_where_the_probe_wraps_round_the_end()
    {
        // In a new table of 16 positions, keys whose mixed value has 14 as its top four bits start their probe at 14, so
        // five of them take index positions 14, 15, 0, 1 and 2; each is found at its place in the log.
        var sameHome = Enumerable.Range(1, 100_000).Select(i => (ulong)i)
            .Where(key => (key * 0x9E3779B97F4A7C15UL) >> 60 == 14)
            .Take(5).ToList();
        var table = new PollSlotTable();
        foreach (var key in sameHome)
        {
            table.Add(key) = new PollSlots((long)key, (long)key);
        }

        table.Capacity.Should().Be(16, "five ids fit without growing, so the probe really wraps");
        sameHome.Select(table.IndexOf).Should().Equal(0, 1, 2, 3, 4);
        sameHome.Select(key => table.At(table.IndexOf(key)).NextBySpacing).Should().Equal(sameHome.Select(key => (long)key));
    }

    [Fact]
    public void The_table_grows_with_the_ids_it_holds_and_keeps_every_one()
    {
        var table = new PollSlotTable();
        for (ulong key = 1; key <= 100_000; key++)
        {
            table.Add(key) = new PollSlots(1, (long)key);
        }

        table.Count.Should().Be(100_000);
        table.Capacity.Should().BeInRange(133_334, 262_144, "at most three quarters of the positions are used, and growing doubles");
        Enumerable.Range(1, 100_000).Where(key => table.IndexOf((ulong)key) is var at && (at < 0 || table.At(at).NextByHour != key))
            .Should().BeEmpty();
    }

    [Fact]
    public void Clearing_forgets_every_id_and_shrinks_a_table_far_larger_than_the_ids_expected()
    {
        var table = new PollSlotTable();
        for (ulong key = 1; key <= 100_000; key++)
        {
            table.Add(key);
        }

        var large = table.Capacity;
        table.Clear(expectedIds: 60_000);
        table.Capacity.Should().Be(large, "a generation about as large as the last keeps its arrays");
        table.Count.Should().Be(0);
        table.IndexOf(1).Should().Be(-1);

        table.Clear(expectedIds: 10);
        table.Capacity.Should().BeLessThanOrEqualTo(16);
        table.Add(5) = new PollSlots(5, 5);
        table.At(table.IndexOf(5)).Should().Be(new PollSlots(5, 5));
        table.IndexOf(6).Should().Be(-1);
    }

    [Fact]
    public void Walking_the_table_yields_every_id_held_once_with_its_slots()
    {
        var table = new PollSlotTable();
        var keys = Enumerable.Range(1, 1000).Select(i => (ulong)i * 0x100000001UL).ToList();
        keys.ForEach(key => table.Add(key) = new PollSlots((long)(key % 977), (long)(key % 991)));

        var walked = new List<(ulong Key, PollSlots Slots)>();
        foreach (var entry in table)
        {
            walked.Add(entry);
        }

        walked.Should().BeEquivalentTo(keys.Select(key => (key, new PollSlots((long)(key % 977), (long)(key % 991)))));
    }

    [Fact]
    public void Random_adds_updates_and_clears_read_as_a_dictionary_does()
    {
        var random = new Random(20261207);
        var table = new PollSlotTable();
        var reference = new Dictionary<ulong, PollSlots>();
        for (var step = 0; step < 200_000; step++)
        {
            var key = (ulong)random.Next(1, 50_000) * 0x100000001UL;
            switch (random.Next(1000))
            {
                case < 600:
                    var slots = new PollSlots(random.Next(), random.Next());
                    var at = table.IndexOf(key);
                    if (at >= 0)
                    {
                        table.At(at) = slots;
                    }
                    else
                    {
                        table.Add(key) = slots;
                    }

                    reference[key] = slots;
                    break;
                case < 999:
                    var found = table.IndexOf(key);
                    (found >= 0 ? table.At(found) : (PollSlots?)null).Should().Be(reference.TryGetValue(key, out var held) ? held : null);
                    break;
                default:
                    table.Clear(random.Next(0, 20_000));
                    reference.Clear();
                    break;
            }

            table.Count.Should().Be(reference.Count);
        }

        reference.Keys.Where(key => table.IndexOf(key) is var at && (at < 0 || table.At(at) != reference[key])).Should().BeEmpty();
    }
}
