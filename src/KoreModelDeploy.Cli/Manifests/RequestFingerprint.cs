using System.Security.Cryptography;
using System.Text;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Manifests;

/// <summary>
/// A digest of what a deployment is made of: the model type and the request exactly as the SDK sends it, without the
/// previously-deployed flag (which apply sets itself and which changes nothing about the deployment).
/// </summary>
internal static class RequestFingerprint
{
    public static string Compute(string modelType, DeployModelRequest request)
    {
        var body = KoreModelDeployJson.Serialize(request with { IsDeployedPreviously = null });
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(modelType + "\n" + body));
        return "sha256:" + Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }
}
