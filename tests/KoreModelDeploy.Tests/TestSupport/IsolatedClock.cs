namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// The system clock under an identity of its own. The package keeps one poll budget per clock and host, which in an
/// application means one per host; tests that run in parallel against the same fake host and job id would otherwise
/// queue behind each other's polls, a second apart, as one application's callers do.
/// </summary>
public sealed class IsolatedClock : TimeProvider;
