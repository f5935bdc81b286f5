using KoreModelDeploy.Emulator;
using KoreModelDeploy.PostgreSql.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KoreModelDeploy.PostgreSql.Tests.Documentation;

/// <summary>README's "Running in a fleet" code, compiled and run here against the real server (README shows the regions).</summary>
[Collection(PostgreSqlServerGroup.Name)]
public class FleetSnippetTests(PostgreSqlFixture database)
{
    [Fact]
    public async Task The_schema_snippet_creates_the_table_the_budget_needs()
    {
        var connectionString = await database.Server.CreateDatabaseAsync("kore_snippet_" + Guid.NewGuid().ToString("N")[..8]);

        // <snippet:fleet-schema>
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgreSqlPollBudgetSchema.CreateAsync(dataSource); // once, at deployment; or run the package's sql/poll-budget-v1.sql
        // </snippet:fleet-schema>

        await using var budget = new PostgreSqlPollBudget(dataSource);
        (await budget.ReserveAsync(new Uri("https://tenant.example.com"), "job-1", TimeSpan.Zero, TimeSpan.FromSeconds(30), CancellationToken.None))
            .Should().BeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Without_a_connection_string_the_budget_uses_the_data_source_in_the_services()
    {
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { JobsNeverComplete = true });
        var services = new ServiceCollection();
        services.AddSingleton(database.DataSource);
        services.AddKoreModelDeploy(options =>
            {
                options.Host = emulator.BaseAddress;
                options.ApiKey = emulator.ApiKey;
            })
            .UsePostgreSqlPollBudget();

        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IModelDeploymentClient>();
        var started = await client.DeployAsync("cm-source-" + Guid.NewGuid().ToString("N")[..8], Models.ModelType.OpenSource, VendorSampleRequests.OpenSource);
        await client.GetDockStatusAsync(started.DockStatusId);

        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM kore_poll_budget WHERE dock_status_id = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = started.DockStatusId });
        (await count.ExecuteScalarAsync()).Should().Be(1L);
    }

    [Fact]
    public async Task The_registration_snippet_gives_the_client_the_shared_budget()
    {
        await using var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { JobsNeverComplete = true });
        var services = new ServiceCollection();
        var host = emulator.BaseAddress;
        var apiKey = emulator.ApiKey;
        var connectionString = database.ConnectionString;

        // <snippet:fleet-registration>
        services.AddKoreModelDeploy(options =>
            {
                options.Host = host;
                options.ApiKey = apiKey;
            })
            .UsePostgreSqlPollBudget(connectionString); // every instance using this database shares each job's polls
        // </snippet:fleet-registration>

        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IModelDeploymentClient>();
        var started = await client.DeployAsync("cm-snippet-" + Guid.NewGuid().ToString("N")[..8], Models.ModelType.OpenSource, VendorSampleRequests.OpenSource);
        await client.GetDockStatusAsync(started.DockStatusId);

        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM kore_poll_budget WHERE dock_status_id = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = started.DockStatusId });
        (await count.ExecuteScalarAsync()).Should().Be(1L, "the poll took its slot in the database");
    }
}
