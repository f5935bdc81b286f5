namespace KoreModelDeploy.Emulator.Json;

/// <summary>Messages whose wording the vendor publishes.</summary>
internal static class VendorMessages
{
    public const string RateLimited = "Rate limit for this API has been reached. Please try again later";
}
