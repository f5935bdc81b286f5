using System.Globalization;
using KoreModelDeploy.Emulator.Faults;

namespace KoreModelDeploy.Emulator.Jobs;

/// <summary>Decides how each new job ends, from scripted faults first, then the start options.</summary>
internal sealed class JobOutcomePlanner
{
    private readonly EmulatorFaults _faults;
    private readonly bool _allJobsHang;
    private readonly HashSet<string> _hangingModels;
    private readonly Dictionary<string, string> _failingModels;
    private readonly double _failedFraction;
    private readonly string _failureMessage;
    private readonly int _seed;

    public JobOutcomePlanner(KoreEmulatorOptions options, EmulatorFaults faults)
    {
        _faults = faults;
        _allJobsHang = options.JobsNeverComplete;
        // Copies, so that changing the options object after start cannot race with requests.
        _hangingModels = new HashSet<string>(options.NeverCompletingModelIds, StringComparer.Ordinal);
        _failingModels = new Dictionary<string, string>(options.JobFailuresByModelId, StringComparer.Ordinal);
        _failedFraction = options.FailedJobFraction;
        _failureMessage = options.DefaultJobFailureMessage;
        _seed = options.Seed;
    }

    public JobPlan Plan(string modelId, JobAction action)
    {
        if (_faults.TakeJobFault() is { } scripted)
        {
            return scripted;
        }

        if (_allJobsHang || _hangingModels.Contains(modelId))
        {
            return JobPlan.Hangs;
        }

        if (_failingModels.TryGetValue(modelId, out var message))
        {
            return JobPlan.Fails(message);
        }

        if (_failedFraction > 0 &&
            StableFraction.Of(string.Create(CultureInfo.InvariantCulture, $"{_seed}|{action}|{modelId}")) < _failedFraction)
        {
            return JobPlan.Fails(_failureMessage);
        }

        return JobPlan.Succeeds;
    }
}
