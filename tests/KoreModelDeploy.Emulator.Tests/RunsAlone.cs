namespace KoreModelDeploy.Emulator.Tests;

/// <summary>
/// Tests that send a thousand requests at once run alone: beside them, another test's single request waits behind the
/// whole burst, which on a busy machine took longer than a client's timeout.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
