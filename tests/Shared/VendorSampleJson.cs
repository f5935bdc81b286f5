namespace KoreModelDeploy.Testing;

/// <summary>
/// The two sample request bodies of the vendor's "Deploy a Model" page (shared/vendor-docs/deploy-a-model.txt), exactly as
/// the page prints them, misspelled flag included. Linked into each test project, which stay independent of each other.
/// </summary>
internal static class VendorSampleJson
{
    public const string OpenSourceRequest = """
        {
            "name": "Flant5_model",
            "hyperParameters": {
              "temperature": 1,
              "maxTokens": 512,
              "topP": 1,
              "topK": 50,
              "stopSequence": []
            },
            "scalingParameters": {
              "maxBatchSize": 10,
              "minReplicas": 1,
              "maxReplicas": 2,
              "scaleUpDelay": 30,
              "scaleDownDelay": 600
            },
            "deviceType": "g5.xlarge",
            "optimizationInfo": {
              "optimizationType": "",
              "quantizationType": ""
            },
            "isDeployedPreviouly": true
          }
        """;

    public const string FineTuneRequest = """
        {
            "name": "gpt2",
            "hyperParameters": {
              "temperature": 1,
              "maxTokens": 512,
              "topP": 1,
              "topK": 50,
              "stopSequence": []
            },
            "scalingParameters": {
              "maxBatchSize": 10,
              "minReplicas": 1,
              "maxReplicas": 2,
              "scaleUpDelay": 30,
              "scaleDownDelay": 600
            },
            "deviceType": "g5.xlarge",
            "optimizationInfo": {
              "optimizationType": "",
              "quantizationType": ""
            },
            "isDeployedPreviouly": true
          }
        """;
}
