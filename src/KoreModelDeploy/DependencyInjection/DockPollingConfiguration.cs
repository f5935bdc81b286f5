using Microsoft.Extensions.Configuration;

namespace KoreModelDeploy.DependencyInjection;

/// <summary>
/// The <c>Polling</c> configuration section in bindable form. <see cref="DockPollingOptions"/> is immutable, and the
/// configuration binder's source generator cannot set init-only members, so the section is bound here and applied
/// to the immutable options with <c>with</c>.
/// </summary>
internal sealed class DockPollingConfiguration
{
    public TimeSpan? InitialDelay { get; set; }

    public double? Multiplier { get; set; }

    public TimeSpan? MaxDelay { get; set; }

    public double? Jitter { get; set; }

    public TimeSpan? Timeout { get; set; }

    public int? MaxConsecutiveFailures { get; set; }

    public static DockPollingOptions Apply(IConfiguration section, DockPollingOptions current)
    {
        var bound = section.Get<DockPollingConfiguration>();
        if (bound is null)
        {
            return current;
        }

        return current with
        {
            InitialDelay = bound.InitialDelay ?? current.InitialDelay,
            Multiplier = bound.Multiplier ?? current.Multiplier,
            MaxDelay = bound.MaxDelay ?? current.MaxDelay,
            Jitter = bound.Jitter ?? current.Jitter,
            Timeout = bound.Timeout ?? current.Timeout,
            MaxConsecutiveFailures = bound.MaxConsecutiveFailures ?? current.MaxConsecutiveFailures,
        };
    }
}
