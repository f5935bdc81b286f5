using System.Text.Json;
using System.Text.Json.Serialization;
using KoreModelDeploy.Fleet.Deployments;

namespace KoreModelDeploy.Fleet;

/// <summary>The HTTP API's JSON, source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StartDeploymentBody))]
[JsonSerializable(typeof(Deployment))]
internal sealed partial class FleetJson : JsonSerializerContext;
