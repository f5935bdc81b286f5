using KoreModelDeploy.Emulator.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace KoreModelDeploy.Emulator.Tests;

public sealed class RateLimiterMemoryTests
{
    [Fact]
    public void Ids_without_a_call_in_the_last_hour_are_forgotten_once_the_table_grows()
    {
        var clock = new FakeTimeProvider();
        var limiter = new DockStatusRateLimiter(clock, enabled: true, perMinute: 60, perHour: 1800);
        // 1,023 ids, plus the recent one below, fill the table to the size at which adding another prunes it.
        for (var i = 0; i < 1023; i++)
        {
            limiter.TryAcquire("ds-old-" + i, out _).Should().BeTrue();
        }

        clock.Advance(TimeSpan.FromMinutes(30));
        limiter.TryAcquire("ds-recent", out _).Should().BeTrue();
        clock.Advance(TimeSpan.FromMinutes(31));
        limiter.TryAcquire("ds-new", out _).Should().BeTrue();

        limiter.TrackedIdCount.Should().Be(2, "only the ids called within the hour are kept");
    }

    [Fact]
    public void Ids_still_inside_their_window_keep_their_limit_through_a_prune()
    {
        var clock = new FakeTimeProvider();
        var limiter = new DockStatusRateLimiter(clock, enabled: true, perMinute: 1, perHour: 1800);
        limiter.TryAcquire("ds-busy", out _).Should().BeTrue();
        for (var i = 0; i < 1024; i++)
        {
            limiter.TryAcquire("ds-other-" + i, out _);
        }

        limiter.TryAcquire("ds-busy", out var retryAfter).Should().BeFalse();
        retryAfter.Should().BeGreaterThan(TimeSpan.Zero);
    }
}
