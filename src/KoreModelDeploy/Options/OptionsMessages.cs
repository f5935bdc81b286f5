namespace KoreModelDeploy;

/// <summary>
/// The messages of the options' validation attributes. <c>{0}</c> is the setting's path, which
/// <see cref="KoreModelDeployOptionsValidator"/> turns into configuration's spelling (<c>KoreModelDeploy:Polling:Timeout</c>).
/// </summary>
internal static class OptionsMessages
{
    public const string Range = "{0} must be between {1} and {2}.";

    public const string Required = "{0} is required.";

    public const string HostRequired = "{0} is required (for example https://agent-platform.kore.ai).";

    public const string ApiKeyRequired = "{0} is required (the key sent as x-api-key).";
}
