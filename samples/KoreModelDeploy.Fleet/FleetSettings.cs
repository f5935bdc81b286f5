namespace KoreModelDeploy.Fleet;

/// <summary>The <c>Fleet</c> configuration section.</summary>
public sealed class FleetSettings
{
    /// <summary>This instance's name, recorded beside what it records; the machine name and process id when unset.</summary>
    public string InstanceName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// Whether every instance takes its polls' slots from the shared PostgreSQL poll budget (the default). Off, each keeps
    /// the budget of its own process: only useful to show that the engine alone keeps one poller per job.
    /// </summary>
    public bool SharedPollBudget { get; set; } = true;
}
