using System.Net;
using static KoreModelDeploy.Emulator.Tests.TestSupport;

namespace KoreModelDeploy.Emulator.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task The_61st_status_call_within_60_seconds_is_a_429_with_retry_after_and_the_vendors_message()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(clock: clock);
        using var client = CreateClient(emulator);
        var id = await StartDeployAsync(client, "cm-1");

        for (var i = 0; i < 60; i++)
        {
            using var allowed = await StatusAsync(client, id);
            allowed.StatusCode.Should().Be(HttpStatusCode.OK, "call {0} is within the limit", i + 1);
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        using var limited = await StatusAsync(client, id);

        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        // The first call was made 30 s ago (60 × 0.5 s), so it leaves the sliding window in 30 s.
        limited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(30));
        (await ReadErrorsAsync(limited, 429)).Should().Equal("Rate limit for this API has been reached. Please try again later");
    }

    [Fact]
    public async Task Calls_are_allowed_again_once_the_oldest_call_leaves_the_sliding_window()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(options => options.DockStatusRequestsPerMinute = 3, clock);
        using var client = CreateClient(emulator);
        var id = await StartDeployAsync(client, "cm-1");
        for (var i = 0; i < 3; i++)
        {
            (await StatusAsync(client, id)).Dispose();
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        using (var limited = await StatusAsync(client, id))
        {
            limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(30));
        }

        clock.Advance(TimeSpan.FromSeconds(29));
        using (var stillLimited = await StatusAsync(client, id))
        {
            stillLimited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            stillLimited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        using var allowed = await StatusAsync(client, id);
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_limit_is_counted_per_dock_status_id()
    {
        await using var emulator = await StartAsync(options => options.DockStatusRequestsPerMinute = 2);
        using var client = CreateClient(emulator);
        var first = await StartDeployAsync(client, "cm-1");
        var second = await StartDeployAsync(client, "cm-2");

        (await StatusAsync(client, first)).Dispose();
        (await StatusAsync(client, first)).Dispose();
        using var firstLimited = await StatusAsync(client, first);
        using var secondAllowed = await StatusAsync(client, second);

        firstLimited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        secondAllowed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_hourly_limit_applies_even_when_every_minute_is_within_its_own_limit()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(
            options =>
            {
                options.DockStatusRequestsPerMinute = 2;
                options.DockStatusRequestsPerHour = 4;
            },
            clock);
        using var client = CreateClient(emulator);
        var id = await StartDeployAsync(client, "cm-1");
        for (var i = 0; i < 4; i++)
        {
            using var allowed = await StatusAsync(client, id);
            allowed.StatusCode.Should().Be(HttpStatusCode.OK);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        using var limited = await StatusAsync(client, id);

        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        // The first call was 4 minutes ago; it leaves the hour window in 56 minutes.
        limited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromMinutes(56));
    }

    [Fact]
    public async Task Refused_calls_do_not_extend_the_wait()
    {
        var clock = NewClock();
        await using var emulator = await StartAsync(options => options.DockStatusRequestsPerMinute = 1, clock);
        using var client = CreateClient(emulator);
        var id = await StartDeployAsync(client, "cm-1");
        (await StatusAsync(client, id)).Dispose();

        for (var i = 0; i < 5; i++)
        {
            (await StatusAsync(client, id)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        }

        clock.Advance(TimeSpan.FromSeconds(60));
        using var allowed = await StatusAsync(client, id);
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_limit_can_be_disabled()
    {
        await using var emulator = await StartAsync(options =>
        {
            options.DockStatusRateLimitEnabled = false;
            options.DockStatusRequestsPerMinute = 1;
        });
        using var client = CreateClient(emulator);
        var id = await StartDeployAsync(client, "cm-1");

        for (var i = 0; i < 5; i++)
        {
            using var response = await StatusAsync(client, id);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }
}
