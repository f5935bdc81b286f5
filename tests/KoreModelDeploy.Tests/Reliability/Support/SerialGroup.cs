namespace KoreModelDeploy.Tests.Reliability.Support;

/// <summary>
/// Tests that listen process-wide (activity and meter listeners) or measure time and memory run alone, so other
/// tests neither pollute nor disturb what they observe.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialGroup
{
    public const string Name = "Reliability (serial)";
}
