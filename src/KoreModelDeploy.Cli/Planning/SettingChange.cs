namespace KoreModelDeploy.Cli.Planning;

/// <summary>How one setting differs between the deploy that is running and the one a plan would send.</summary>
internal enum SettingChangeKind
{
    /// <summary>Set now, absent before.</summary>
    Added,

    /// <summary>Set before, absent now.</summary>
    Removed,

    /// <summary>Set both times, to different values.</summary>
    Changed,
}

/// <summary>One setting that differs, by its path as <c>--set</c> writes it (<c>scalingParameters.maxReplicas</c>).</summary>
/// <param name="Path">The member's path; arrays are compared whole, so a path never ends in an index.</param>
/// <param name="Kind">Added, removed or changed.</param>
/// <param name="Before">The value deployed, as compact JSON; <see langword="null"/> when added.</param>
/// <param name="After">The value the plan sends, as compact JSON; <see langword="null"/> when removed.</param>
internal sealed record SettingChange(string Path, SettingChangeKind Kind, string? Before, string? After)
{
    /// <summary>One line for people: <c>~ path: before → after</c>, <c>+ path: after</c>, <c>- path: before</c>.</summary>
    public override string ToString() => Kind switch
    {
        SettingChangeKind.Added => $"+ {Path}: {After}",
        SettingChangeKind.Removed => $"- {Path}: {Before}",
        _ => $"~ {Path}: {Before} → {After}",
    };
}
