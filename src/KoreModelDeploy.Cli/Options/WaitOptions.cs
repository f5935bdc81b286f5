using System.CommandLine;

namespace KoreModelDeploy.Cli.Options;

/// <summary><c>--timeout</c>, <c>--poll-delay</c> and <c>--poll-max-delay</c>: how a wait polls and how long it lasts (the SDK's defaults).</summary>
internal sealed class WaitOptions
{
    // The SDK's defaults, read once; an option left out keeps them.
    private static readonly DockPollingOptions Defaults = new();

    public Option<TimeSpan?> Timeout { get; } = DurationOption.Create(
        "--timeout",
        "How long to wait for the job to end before giving up (the job goes on; the id and the command that resumes are printed).",
        Defaults.Timeout,
        TimeSpan.FromSeconds(1),
        TimeSpan.FromDays(1));

    public Option<TimeSpan?> PollDelay { get; } = DurationOption.Create(
        "--poll-delay",
        "The delay before the first status poll; later delays grow by half each time.",
        Defaults.InitialDelay,
        TimeSpan.FromMilliseconds(10),
        TimeSpan.FromHours(1));

    public Option<TimeSpan?> PollMaxDelay { get; } = DurationOption.Create(
        "--poll-max-delay",
        "The longest delay between two status polls (raised to --poll-delay when that is longer).",
        Defaults.MaxDelay,
        TimeSpan.FromMilliseconds(10),
        TimeSpan.FromHours(1));

    public void AddTo(Command command)
    {
        command.Options.Add(Timeout);
        command.Options.Add(PollDelay);
        command.Options.Add(PollMaxDelay);
        command.Validators.Add(result =>
        {
            if (result.GetResult(PollMaxDelay) is { Implicit: false } && result.GetValue(PollMaxDelay) < (result.GetValue(PollDelay) ?? Defaults.InitialDelay))
            {
                result.AddError("--poll-max-delay must not be shorter than --poll-delay.");
            }
        });
    }

    public DockPollingOptions Read(ParseResult parseResult)
    {
        var initial = parseResult.GetValue(PollDelay) ?? Defaults.InitialDelay;
        var max = parseResult.GetValue(PollMaxDelay) ?? Defaults.MaxDelay;
        return new DockPollingOptions
        {
            InitialDelay = initial,
            // Only the default ceiling can be below the first delay here (the validator refuses an explicit one):
            // a first delay longer than the default ceiling asks for a slower schedule, not an error.
            MaxDelay = max < initial ? initial : max,
            Timeout = parseResult.GetValue(Timeout) ?? Defaults.Timeout,
        };
    }
}
