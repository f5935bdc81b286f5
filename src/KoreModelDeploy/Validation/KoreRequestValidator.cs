using KoreModelDeploy.Models;
using KoreModelDeploy.Validation;

namespace KoreModelDeploy;

/// <summary>
/// Checks a deploy request against the vendor's documented rules without sending it: the same checks
/// <see cref="IModelDeploymentClient.DeployAsync"/> makes before anything goes out, for settings kept in files,
/// pre-commit hooks and pipelines that should fail before they deploy.
/// </summary>
public static class KoreRequestValidator
{
    /// <summary>Lists every rule the request breaks, in the order the client reports them.</summary>
    /// <param name="request">The request body.</param>
    /// <param name="modelId">The model id to check as the client does; not checked when <see langword="null"/>.</param>
    /// <param name="modelType">The <c>modelType</c> query parameter to check; not checked when <see langword="null"/>.</param>
    /// <param name="allowUndocumentedValues">
    /// Accept device, optimization, quantization and model types the vendor's tables do not list, as a client with
    /// <see cref="KoreModelDeployOptions.AllowUndocumentedValues"/> set does.
    /// </param>
    /// <returns>The broken rules; empty when the request may be sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<KoreValidationError> Validate(DeployModelRequest request, string? modelId = null, ModelType? modelType = null, bool allowUndocumentedValues = false) =>
        Collect(RequireRequest(request), modelId, modelId is not null, modelType, allowUndocumentedValues).Errors;

    /// <summary>Throws when the request breaks any rule, naming every one, as the client does before sending.</summary>
    /// <param name="request">The request body.</param>
    /// <param name="modelId">The model id to check as the client does; not checked when <see langword="null"/>.</param>
    /// <param name="modelType">The <c>modelType</c> query parameter to check; not checked when <see langword="null"/>.</param>
    /// <param name="allowUndocumentedValues">Accept values the vendor's tables do not list, as <see cref="Validate"/> describes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="KoreValidationException">The request breaks at least one rule; <see cref="KoreValidationException.Errors"/> lists them.</exception>
    public static void ThrowIfInvalid(DeployModelRequest request, string? modelId = null, ModelType? modelType = null, bool allowUndocumentedValues = false) =>
        Collect(RequireRequest(request), modelId, modelId is not null, modelType, allowUndocumentedValues).ThrowIfAny();

    /// <summary>
    /// The checks <see cref="IModelDeploymentClient.DeployAsync"/> makes before anything goes out: every argument is
    /// checked, and a missing one is a broken rule, not a programming error.
    /// </summary>
    /// <exception cref="KoreValidationException">An argument breaks at least one rule.</exception>
    internal static void ThrowIfUnsendable(string? modelId, ModelType modelType, DeployModelRequest? request, bool allowUndocumentedValues) =>
        Collect(request, modelId, checkModelId: true, modelType, allowUndocumentedValues).ThrowIfAny();

    /// <summary>
    /// Lists the rules a dock status id breaks, by the check the client makes before it asks for a job's status: not
    /// blank, at most 256 characters, no control or white-space characters, not <c>.</c> or <c>..</c>. For ids taken
    /// from people or files (a pipeline's input, a record of earlier runs) before they are stored or used.
    /// </summary>
    /// <param name="dockStatusId">The id to check.</param>
    /// <returns>The broken rules, each under the path <c>dockStatusId</c>; empty when the id may be used.</returns>
    public static IReadOnlyList<KoreValidationError> ValidateDockStatusId(string? dockStatusId)
    {
        var errors = new ValidationErrorCollector();
        ResourceIdValidator.Validate("dockStatusId", dockStatusId, errors);
        return errors.Errors;
    }

    private static DeployModelRequest RequireRequest(DeployModelRequest request) =>
        request ?? throw new ArgumentNullException(nameof(request));

    /// <summary>The client's three checks before a deploy, in the order it reports them: the model id, the model type, the body.</summary>
    private static ValidationErrorCollector Collect(DeployModelRequest? request, string? modelId, bool checkModelId, ModelType? modelType, bool allowUndocumentedValues)
    {
        var errors = new ValidationErrorCollector();
        if (checkModelId)
        {
            ResourceIdValidator.Validate("modelId", modelId, errors);
        }

        if (modelType is { } type)
        {
            DeployModelRequestValidator.ValidateModelType(type, allowUndocumentedValues, errors);
        }

        DeployModelRequestValidator.Validate(request, allowUndocumentedValues, errors);
        return errors;
    }
}
