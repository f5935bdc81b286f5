using KoreModelDeploy.CommandLine;

namespace KoreModelDeploy.Cli.Tests;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("45m", 2_700_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("2.5s", 2_500)]
    [InlineData("30", 30_000)]
    [InlineData(" 0.25 ", 250)]
    [InlineData("0s", 0)]
    public void Reads_units_and_bare_seconds(string text, long milliseconds)
    {
        DurationText.TryParse(text, out var value, out var error).Should().BeTrue(error);
        value.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("abc", "not a duration")]
    [InlineData("10d", "unknown unit 'd'")]
    [InlineData("10 m", "not a duration")]
    [InlineData("-5s", "not a duration")]
    [InlineData("30m1h", "larger one after a smaller")]
    [InlineData("1m1m", "repeats a unit")]
    [InlineData("s", "not a duration")]
    [InlineData("1e9h", "unknown unit 'e'")]
    [InlineData("99999999999999h", "too long")]
    public void Refuses_what_is_not_a_duration_and_says_why(string text, string reason)
    {
        DurationText.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain(reason);
    }

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(90_000, "90s")]
    [InlineData(2_700_000, "45m")]
    [InlineData(7_200_000, "2h")]
    [InlineData(5_400_000, "90m")]
    public void Formats_what_it_reads_back(long milliseconds, string expected)
    {
        var text = DurationText.Format(TimeSpan.FromMilliseconds(milliseconds));
        text.Should().Be(expected);
        DurationText.TryParse(text, out var back, out _).Should().BeTrue();
        back.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }
}
