using KoreModelDeploy.PostgreSql;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares a KoreModelDeploy client's poll budget through PostgreSQL.</summary>
public static class KoreModelDeployPostgreSqlExtensions
{
    /// <summary>
    /// Makes the client registered by <paramref name="builder"/> take every poll's slot from a
    /// <see cref="PostgreSqlPollBudget"/>, with the default settings, in the database <paramref name="connectionString"/>
    /// names, shared by every process that does the same. The table must exist: see <see cref="PostgreSqlPollBudgetSchema"/>.
    /// </summary>
    /// <param name="builder">The builder <c>AddKoreModelDeploy</c> returned.</param>
    /// <param name="connectionString">An Npgsql connection string; never shown in errors or logs.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder UsePostgreSqlPollBudget(this IHttpClientBuilder builder, string connectionString) =>
        UsePostgreSqlPollBudget(builder, connectionString, null);

    /// <summary>
    /// Makes the client registered by <paramref name="builder"/> take every poll's slot from a
    /// <see cref="PostgreSqlPollBudget"/>, with the default settings, over the <see cref="NpgsqlDataSource"/> registered
    /// in the application's services. The table must exist: see <see cref="PostgreSqlPollBudgetSchema"/>.
    /// </summary>
    /// <param name="builder">The builder <c>AddKoreModelDeploy</c> returned.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder UsePostgreSqlPollBudget(this IHttpClientBuilder builder) =>
        UsePostgreSqlPollBudget(builder, (Action<PostgreSqlPollBudgetOptions>?)null);

    /// <summary>
    /// Makes the client registered by <paramref name="builder"/> take every poll's slot from a
    /// <see cref="PostgreSqlPollBudget"/> in the database <paramref name="connectionString"/> names, shared by every
    /// process that does the same. The table must exist: see <see cref="PostgreSqlPollBudgetSchema"/>.
    /// </summary>
    /// <param name="builder">The builder <c>AddKoreModelDeploy</c> returned.</param>
    /// <param name="connectionString">An Npgsql connection string; never shown in errors or logs.</param>
    /// <param name="configure">Adjusts the budget's settings; optional.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder UsePostgreSqlPollBudget(this IHttpClientBuilder builder, string connectionString, Action<PostgreSqlPollBudgetOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var options = Configured(configure);
        return Register(builder, _ => new PostgreSqlPollBudget(connectionString, options));
    }

    /// <summary>
    /// Makes the client registered by <paramref name="builder"/> take every poll's slot from a
    /// <see cref="PostgreSqlPollBudget"/> over the <see cref="NpgsqlDataSource"/> registered in the application's
    /// services (with <c>AddNpgsqlDataSource</c>, say). The table must exist: see <see cref="PostgreSqlPollBudgetSchema"/>.
    /// </summary>
    /// <param name="builder">The builder <c>AddKoreModelDeploy</c> returned.</param>
    /// <param name="configure">Adjusts the budget's settings; optional.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder UsePostgreSqlPollBudget(this IHttpClientBuilder builder, Action<PostgreSqlPollBudgetOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = Configured(configure);
        return Register(builder, services => new PostgreSqlPollBudget(services.GetRequiredService<NpgsqlDataSource>(), options));
    }

    private static PostgreSqlPollBudgetOptions Configured(Action<PostgreSqlPollBudgetOptions>? configure)
    {
        var options = new PostgreSqlPollBudgetOptions();
        configure?.Invoke(options);
        return options;
    }

    private static IHttpClientBuilder Register(IHttpClientBuilder builder, Func<IServiceProvider, PostgreSqlPollBudget> create)
    {
        // One budget per client, built once and disposed with the container; keyed by the client's HTTP client name.
        var key = typeof(PostgreSqlPollBudget).FullName + ":" + builder.Name;
        builder.Services.AddKeyedSingleton(key, (services, _) => create(services));
        return builder.UseDockPollBudget(services => services.GetRequiredKeyedService<PostgreSqlPollBudget>(key));
    }
}
