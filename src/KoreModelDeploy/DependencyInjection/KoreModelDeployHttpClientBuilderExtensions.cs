using KoreModelDeploy;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Settings of a client registered with <c>AddKoreModelDeploy</c> that are code rather than configuration.</summary>
public static class KoreModelDeployHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes the client registered by <paramref name="builder"/> take every poll's slot from the budget
    /// <paramref name="budget"/> returns, a budget other processes can share, instead of the in-process one. Packages
    /// that keep a budget in a store build on this (<c>UsePostgreSqlPollBudget</c>, say).
    /// </summary>
    /// <param name="builder">The builder <c>AddKoreModelDeploy</c> returned, for the default or a named client.</param>
    /// <param name="budget">Gives the budget, from the application's services. Called each time the client's options
    /// are built (once, unless its configuration reloads): return one shared instance, a singleton.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="builder"/> was not returned by <c>AddKoreModelDeploy</c>.</exception>
    public static IHttpClientBuilder UseDockPollBudget(this IHttpClientBuilder builder, Func<IServiceProvider, DockPollBudget> budget)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (budget is null)
        {
            throw new ArgumentNullException(nameof(budget));
        }

        var optionsName = KoreModelDeployServiceCollectionExtensions.OptionsNameOf(builder.Name)
            ?? throw new ArgumentException("The builder must be one AddKoreModelDeploy returned: '" + builder.Name + "' is not a KoreModelDeploy client.", nameof(builder));
        builder.Services.AddOptions<KoreModelDeployOptions>(optionsName)
            .Configure<IServiceProvider>((options, services) => options.UsePollBudget(budget(services)));
        return builder;
    }
}
