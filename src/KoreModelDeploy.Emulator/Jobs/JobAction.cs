namespace KoreModelDeploy.Emulator.Jobs;

/// <summary>What a dock job does to its model.</summary>
internal enum JobAction
{
    Deploy,
    Undeploy,
}
