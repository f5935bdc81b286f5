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
    /// <summary>The request's settings as the SDK sends them, without the previously-deployed flag: compact JSON.</summary>
    public static string Settings(DeployModelRequest request) => KoreModelDeployJson.Serialize(request with { IsDeployedPreviously = null });

    /// <summary>The digest of a model type and a request's <see cref="Settings"/>.</summary>
    public static string Compute(string modelType, DeployModelRequest request) => Compute(modelType, Settings(request));

    /// <summary>The digest of a model type and its <see cref="Settings"/>.</summary>
    public static string Compute(string modelType, string settings)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(modelType + "\n" + settings));
        return "sha256:" + Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }
}
