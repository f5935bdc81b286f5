namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// <see cref="PostgreSqlJournalFixture"/> on a server that asks every TCP connection for a password
/// (<c>scram-sha-256</c>): the tool logs in as <see cref="PostgreSqlJournalFixture.User"/> with
/// <see cref="PostgreSqlJournalFixture.Password"/>, and the journal's tables are for the test's <c>journal init</c> to create.
/// </summary>
public sealed class PostgreSqlPasswordJournalFixture() : PostgreSqlJournalFixture(requirePassword: true);
