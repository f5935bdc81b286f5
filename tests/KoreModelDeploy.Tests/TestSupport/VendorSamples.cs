using System.Text.Json.Nodes;
using KoreModelDeploy.Models;
using KoreModelDeploy.Testing;

namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// The two sample requests of the vendor's "Deploy a Model" page (shared/vendor-docs/deploy-a-model.txt), as the page
/// prints them (misspelled flag included) and as the typed records a user would build.
/// </summary>
public static class VendorSamples
{
    public const string OpenSourceHost = "https://dev-agent-platform.kore.ai";
    public const string OpenSourceModelId = "cm-2xxxxxxxxxxxxxxxxxx0";
    public const string OpenSourceApiKey = "kg-axxxxxxx-5xx3-5xx8-bxxb-9xxxxxxxxxx-ebxxxxxx-5xxb-4xxb-9xx5-cxxxxxxxxx3";

    public const string FineTuneHost = "https://preprod-gale.kore.ai";
    public const string FineTuneModelId = "cm-6xxxxxxxxxxxxxxxxxx9";
    public const string FineTuneApiKey = "kg-2xxxxxxxxxxxxxxxxxxf-7xxxxxxx-7xx8-4xxf-8xx7-dxxxxxxxxxx3";

    // Copied from the vendor page: the bodies differ only in the name.
    public const string OpenSourceRequestJson = VendorSampleJson.OpenSourceRequest;

    public const string FineTuneRequestJson = VendorSampleJson.FineTuneRequest;

    public const string SampleResponseJson = """
        {
          "dock-statusId": "ds-d0xxxxxd-bxx9-5xx0-8xx5-5bxxxxxxxxx1",
          "modelId": "cm-77xxxxxb-exx9-5xxc-8xx6-5xxxxxxxxxx1",
          "jobType": "MODELS",
          "action": "DEPLOY",
          "status": "IN_PROGRESS"
        }
        """;

    public static DeployModelRequest OpenSourceRequest => VendorSampleRequests.OpenSource;

    public static DeployModelRequest FineTuneRequest => VendorSampleRequests.FineTune;

    /// <summary>
    /// What the client must put on the wire for a sample: the sample itself, with the flag renamed to the spelling of
    /// the vendor's parameter table, the one deliberate difference.
    /// </summary>
    public static JsonNode ExpectedWireBody(string sampleJson)
    {
        var body = JsonNode.Parse(sampleJson)!.AsObject();
        var flag = body["isDeployedPreviouly"]!.DeepClone();
        body.Remove("isDeployedPreviouly");
        body["isDeployedPreviously"] = flag;
        return body;
    }

}
