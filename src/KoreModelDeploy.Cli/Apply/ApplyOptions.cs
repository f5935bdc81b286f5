namespace KoreModelDeploy.Cli.Apply;

/// <summary>How an apply runs. Every wait polls as the client it is given was built to.</summary>
/// <param name="Parallel">How many models run at once (<c>--parallel</c>); each model's own steps stay in order.</param>
/// <param name="Interrupts">Told of each deploy or undeploy call on the wire, for what a second Ctrl+C says.</param>
/// <param name="JournalArguments">What a <c>kore-deploy journal</c> command needs to find this apply's journal (<c>-f … --env …</c>), for the ways out messages name.</param>
internal sealed record ApplyOptions(int Parallel = 4, Hosting.InterruptState? Interrupts = null, string JournalArguments = "-f <manifest> --env <env>");
