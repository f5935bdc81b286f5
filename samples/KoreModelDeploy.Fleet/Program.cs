using KoreModelDeploy;
using KoreModelDeploy.Fleet;
using KoreModelDeploy.Fleet.Deployments;
using KoreModelDeploy.Fleet.Waits;
using KoreModelDeploy.PostgreSql;
using Npgsql;
using Rebus.Config;
using Rebus.PostgreSql.Transport;
using Rebus.Backoff;

// A deployment service meant to run as several instances sharing one PostgreSQL database. Configuration:
//   ConnectionStrings:Fleet   the database (deployments, the engine's queue, the shared poll budget)
//   KoreModelDeploy           the SDK's options (Host, ApiKey, Polling), as for AddKoreModelDeploy
//   Fleet                     InstanceName, SharedPollBudget
var builder = WebApplication.CreateSlimBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Fleet")
    ?? throw new InvalidOperationException("Set ConnectionStrings:Fleet to the PostgreSQL database the instances share.");
var settings = builder.Configuration.GetSection("Fleet").Get<FleetSettings>() ?? new FleetSettings();
var kore = builder.Configuration.GetSection("KoreModelDeploy");

builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, FleetJson.Default));
builder.Services.AddProblemDetails();
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
builder.Services.AddSingleton<DeploymentStore>();

// The same polling options the SDK's own waits use: the engine replays their delay schedule between its polls.
builder.Services.AddSingleton(kore.GetSection("Polling").Get<DockPollingOptions>() ?? new DockPollingOptions());
var client = builder.Services.AddKoreModelDeploy(kore);
if (settings.SharedPollBudget)
{
    client.UsePostgreSqlPollBudget(); // the NpgsqlDataSource above: every instance shares each job's polls
}

// The engine: Rebus on PostgreSQL. The waits are messages in one queue every instance consumes; a message being handled
// is held by its handler's open transaction, which PostgreSQL gives back to the queue when that instance's connection dies.
builder.Services.AddRebus(configure => configure
    .Transport(transport => transport.UsePostgreSql(connectionString, "fleet_messages", "fleet-waits"))
    .Options(options =>
    {
        options.SetNumberOfWorkers(1);
        options.SetMaxParallelism(20);
        // An idle instance looks for due messages every 100 ms: a wait's next poll is not late by more.
        options.SetBackoffTimes(TimeSpan.FromMilliseconds(100));
    }));
builder.Services.AddRebusHandler<StartDeploymentHandler>();
builder.Services.AddRebusHandler<PollDeploymentHandler>();

var app = builder.Build();
await app.Services.GetRequiredService<DeploymentStore>().CreateSchemaAsync(CancellationToken.None);
if (settings.SharedPollBudget)
{
    await PostgreSqlPollBudgetSchema.CreateAsync(app.Services.GetRequiredService<NpgsqlDataSource>());
}

app.MapDeployments();
app.MapGet("/health", () => Results.Text(settings.InstanceName));
app.Run();
