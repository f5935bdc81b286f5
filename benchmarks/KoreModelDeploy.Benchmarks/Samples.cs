using System.Text;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Benchmarks;

/// <summary>The vendor's documented Flan-T5 sample request and its sample answers, shared by every benchmark.</summary>
public static class Samples
{
    public const string BaseAddress = "https://dev-agent-platform.kore.ai";
    public const string ApiKey = "kg-a1234567-5123-5128-b12b-91234567890-eb123456-512b-412b-9125-c12345678903";
    public const string ModelId = "cm-2a7f3c9e1b4d8f6a0c5e";
    public const string DockStatusId = "ds-d0a1b2cd-b3c9-5de0-8f05-5b1234567891";
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>The open-source sample of deploy-a-model.txt, typed.</summary>
    public static DeployModelRequest FlanT5Request { get; } = Testing.VendorSampleRequests.OpenSource;

    public static byte[] DeployResponse { get; } = Encoding.UTF8.GetBytes(DeployResponsePrefix[..^"ds-".Length] + DockStatusId + DeployResponseSuffix);

    /// <summary>The deploy answer up to and including the <c>ds-</c> of its dock status id, for answers with fresh ids.</summary>
    public const string DeployResponsePrefix = "{\"dock-statusId\":\"ds-";

    /// <summary>The deploy answer after its dock status id.</summary>
    public const string DeployResponseSuffix = "\",\"modelId\":\"" + ModelId + "\",\"jobType\":\"MODELS\",\"action\":\"DEPLOY\",\"status\":\"IN_PROGRESS\"}";

    public static byte[] StatusResponse { get; } = Encoding.UTF8.GetBytes(
        "{\"_id\":\"" + DockStatusId + "\",\"modelId\":\"" + ModelId + "\",\"jobType\":\"MODELS\",\"action\":\"DEPLOY\",\"status\":\"SUCCESS\"}");
}
