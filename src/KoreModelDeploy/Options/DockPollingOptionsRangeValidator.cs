using Microsoft.Extensions.Options;

namespace KoreModelDeploy;

/// <summary>
/// The range checks declared by the attributes on <see cref="DockPollingOptions"/>, generated at build time, for
/// polling options given to one wait.
/// </summary>
[OptionsValidator]
internal sealed partial class DockPollingOptionsRangeValidator : IValidateOptions<DockPollingOptions>
{
}
