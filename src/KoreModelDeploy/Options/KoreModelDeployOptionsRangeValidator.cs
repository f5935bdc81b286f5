using Microsoft.Extensions.Options;

namespace KoreModelDeploy;

/// <summary>
/// The presence and range checks declared by the attributes on <see cref="KoreModelDeployOptions"/>,
/// <see cref="KoreRetryOptions"/> and <see cref="DockPollingOptions"/>, generated at build time: no reflection, so
/// trimming and Native AOT keep them. <see cref="KoreModelDeployOptionsValidator"/> runs it and adds the rules that
/// span several settings.
/// </summary>
[OptionsValidator]
internal sealed partial class KoreModelDeployOptionsRangeValidator : IValidateOptions<KoreModelDeployOptions>
{
}
