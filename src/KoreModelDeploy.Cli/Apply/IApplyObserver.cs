using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Apply;

/// <summary>
/// What an apply tells the screen while it runs (a live table on a terminal, plain lines otherwise). Called from
/// parallel model runs: implementations must be thread-safe.
/// </summary>
internal interface IApplyObserver
{
    /// <summary>A step begins: a call is about to be sent, or a recorded job is about to be waited on.</summary>
    void StepStarted(string modelId, PlannedStep step);

    /// <summary>The job's id arrived (or was read from the journal).</summary>
    void JobStarted(string modelId, PlannedStep step, string dockStatusId);

    /// <summary>A polled status differs from the last one seen.</summary>
    void StatusChanged(string modelId, DockStatus status);

    /// <summary>The model is done, whatever its end.</summary>
    void ModelFinished(ModelResult result);
}
