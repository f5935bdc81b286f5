using System.CommandLine;

namespace KoreModelDeploy.Cli.Options;

/// <summary>
/// <c>--timeout</c>, <c>--poll-delay</c> and <c>--poll-max-delay</c>: how a wait polls and how long it lasts. The
/// defaults, the ranges and the rule between the two delays are the SDK's (<see cref="DockPollingOptions"/>).
/// </summary>
internal sealed class WaitOptions
{
    // The SDK's defaults, read once; an option left out keeps them.
    private static readonly DockPollingOptions Defaults = new();

    public Option<TimeSpan?> Timeout { get; } = DurationOption.Create(
        "--timeout",
        "How long to wait for the job to end before giving up (the job goes on; the id and the command that resumes are printed).",
        Defaults.Timeout,
        DockPollingOptions.ShortestTimeout,
        DockPollingOptions.LongestTimeout);

    public Option<TimeSpan?> PollDelay { get; } = DurationOption.Create(
        "--poll-delay",
        "The delay before the first status poll; later delays grow by half each time.",
        Defaults.InitialDelay,
        DockPollingOptions.ShortestDelay,
        DockPollingOptions.LongestDelay);

    public Option<TimeSpan?> PollMaxDelay { get; } = DurationOption.Create(
        "--poll-max-delay",
        "The longest delay between two status polls (raised to --poll-delay when that is longer).",
        Defaults.MaxDelay,
        DockPollingOptions.ShortestDelay,
        DockPollingOptions.LongestDelay);

    public void AddTo(Command command)
    {
        command.Options.Add(Timeout);
        command.Options.Add(PollDelay);
        command.Options.Add(PollMaxDelay);
        command.Validators.Add(result =>
        {
            if (result.GetResult(PollMaxDelay) is not { Implicit: false })
            {
                return;
            }

            var asked = new DockPollingOptions
            {
                InitialDelay = result.GetValue(PollDelay) ?? Defaults.InitialDelay,
                MaxDelay = result.GetValue(PollMaxDelay) ?? Defaults.MaxDelay,
            };

            // A delay out of range was named by its own option; between two delays in range, the SDK's rule decides.
            if (IsDelay(asked.InitialDelay) && IsDelay(asked.MaxDelay)
                && asked.Validate().Any(e => e.Path == nameof(DockPollingOptions.MaxDelay)))
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

    private static bool IsDelay(TimeSpan value) => value >= DockPollingOptions.ShortestDelay && value <= DockPollingOptions.LongestDelay;
}
