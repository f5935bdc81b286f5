namespace KoreModelDeploy.Cli.Journal;

/// <summary>The call a step sends: the journal's <c>action</c> field, and the word every message uses for it.</summary>
internal enum StepCall
{
    /// <summary><c>POST …/deploy</c>.</summary>
    Deploy,

    /// <summary><c>POST …/undeploy</c>.</summary>
    Undeploy,
}
