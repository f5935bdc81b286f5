using KoreModelDeploy.Polling;

namespace KoreModelDeploy.Tests.Polling;

public sealed class PollSlotGenerationsTests
{
    [Fact]
    public void An_id_is_found_in_either_generation_and_forgotten_at_the_turn_that_finds_it_spent()
    {
        var ids = new PollSlotGenerations();
        ids.GetOrAdd(1) = new PollSlots(10, 40);

        ids.Turn(now: 5);
        ids.Get(1).Should().Be(new PollSlots(10, 40), "the turn only moved it to the previous generation");
        ids.Count.Should().Be(1);

        ids.Turn(now: 40);
        ids.Get(1).Should().Be(default(PollSlots));
        ids.Count.Should().Be(0);
    }

    [Fact]
    public void An_id_whose_slots_still_limit_a_poll_is_carried_over_every_turn()
    {
        var ids = new PollSlotGenerations();
        ids.GetOrAdd(1) = new PollSlots(10, 1000);
        ids.GetOrAdd(2) = new PollSlots(10, 20);

        for (var now = 30L; now < 1000; now += 100)
        {
            ids.Turn(now);
            ids.Get(1).Should().Be(new PollSlots(10, 1000));
        }

        ids.Count.Should().Be(1, "the other id was spent");
    }

    [Fact]
    public void An_id_updated_in_the_previous_generation_is_carried_over_with_its_new_slots()
    {
        var ids = new PollSlotGenerations();
        ids.GetOrAdd(1) = new PollSlots(10, 40);
        ids.Turn(now: 5);

        ids.GetOrAdd(1) = new PollSlots(50, 90);
        ids.Count.Should().Be(1, "it was updated where it was, not added again");
        ids.Turn(now: 60);

        ids.Get(1).Should().Be(new PollSlots(50, 90));
    }

    [Fact]
    public void Ids_coming_at_a_steady_pace_are_held_for_two_generations_at_most()
    {
        // The budget's steady state: a new id every tick, each spent a generation's length after its poll.
        var ids = new PollSlotGenerations();
        var counts = new List<int>();
        for (var now = 0L; now < 200_000; now++)
        {
            if (now % 1000 == 0)
            {
                ids.Turn(now);
                counts.Add(ids.Count);
            }

            ids.GetOrAdd((ulong)now * 7919 + 1) = new PollSlots(now + 250, now + 1000);
        }

        counts.Skip(2).Should().OnlyContain(count => count <= 1000, "at a turn, only the generation that just ended is held");
        ids.Count.Should().BeLessThanOrEqualTo(2000);
    }

    [Fact]
    public void Random_polls_and_turns_never_lose_slots_that_still_limit_a_poll()
    {
        var random = new Random(20261207);
        var ids = new PollSlotGenerations();
        var reference = new Dictionary<ulong, PollSlots>();
        var now = 0L;
        for (var step = 0; step < 200_000; step++)
        {
            var key = (ulong)random.Next(1, 20_000) * 0x100000001UL;
            switch (random.Next(1000))
            {
                case < 600:
                    ref var slots = ref ids.GetOrAdd(key);
                    var held = reference.TryGetValue(key, out var known) && !known.AreSpentAt(now) ? known : default;
                    if (!slots.AreSpentAt(now) || !held.AreSpentAt(now))
                    {
                        slots.Should().Be(held);
                    }

                    slots = new PollSlots(now + random.Next(0, 50), now + random.Next(50, 5000));
                    reference[key] = slots;
                    break;
                case < 995:
                    now += random.Next(0, 3);
                    break;
                default:
                    ids.Turn(now);
                    break;
            }
        }

        reference.Where(pair => !pair.Value.AreSpentAt(now) && ids.Get(pair.Key) != pair.Value).Should().BeEmpty();
    }
}
