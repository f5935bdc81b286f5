using KoreModelDeploy.Cli.Journal;

namespace KoreModelDeploy.Cli.Tests.Journal;

public sealed class JournalHolderTests
{
    [Fact]
    public void A_holder_row_written_by_another_machine_is_printed_on_one_line_without_control_characters()
    {
        var holder = new JournalHolder("deploy\u001b[2J\nfake: line", "ci-7\r\u0007", 4242, "https://ci.example/runs/1\n::error::x", DateTimeOffset.UnixEpoch, "postgres://deploy@db:5432/kore");

        var line = holder.Describe();

        line.Should().NotContainAny("\u001b", "\n", "\r", "\u0007");
        line.Should().Contain("process 4242").And.Contain("store postgres://deploy@db:5432/kore").And.Contain("since 1970-01-01 00:00:00Z");
    }
}
