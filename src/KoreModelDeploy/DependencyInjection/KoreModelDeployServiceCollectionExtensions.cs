using KoreModelDeploy;
using KoreModelDeploy.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IModelDeploymentClient"/> with dependency injection.</summary>
public static class KoreModelDeployServiceCollectionExtensions
{
    private const string HttpClientNamePrefix = "KoreModelDeploy";

    /// <summary>
    /// Registers <see cref="IModelDeploymentClient"/> and <see cref="ModelDeploymentClient"/> over a typed
    /// <see cref="HttpClient"/>, configured in code. The options are validated when the application starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the host, API key and other options.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    public static IHttpClientBuilder AddKoreModelDeploy(this IServiceCollection services, Action<KoreModelDeployOptions> configure)
    {
        ThrowIfNull(services, nameof(services));
        ThrowIfNull(configure, nameof(configure));
        return AddCore(services, Options.Options.DefaultName, builder => builder.Configure(configure));
    }

    /// <summary>
    /// Registers <see cref="IModelDeploymentClient"/> and <see cref="ModelDeploymentClient"/> over a typed
    /// <see cref="HttpClient"/>, bound from configuration (usually the <c>KoreModelDeploy</c> section: <c>Host</c>,
    /// <c>ApiKey</c>, <c>Timeout</c>, <c>AttemptTimeout</c>, <c>Retry</c>, <c>Polling</c>). The options are validated
    /// when the application starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    public static IHttpClientBuilder AddKoreModelDeploy(this IServiceCollection services, IConfiguration configuration)
    {
        ThrowIfNull(services, nameof(services));
        ThrowIfNull(configuration, nameof(configuration));
        return AddCore(services, Options.Options.DefaultName, builder => BindConfiguration(builder, configuration));
    }

    /// <summary>
    /// Registers a named client, for applications that talk to several environments. Resolve it as a keyed service:
    /// <c>[FromKeyedServices("name")] IModelDeploymentClient</c> or
    /// <c>serviceProvider.GetRequiredKeyedService&lt;IModelDeploymentClient&gt;("name")</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, used as the service key and options name.</param>
    /// <param name="configure">Sets the host, API key and other options.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    public static IHttpClientBuilder AddKoreModelDeploy(this IServiceCollection services, string name, Action<KoreModelDeployOptions> configure)
    {
        ThrowIfNull(services, nameof(services));
        ThrowIfNullOrEmpty(name, nameof(name));
        ThrowIfNull(configure, nameof(configure));
        return AddCore(services, name, builder => builder.Configure(configure));
    }

    /// <summary>
    /// Registers a named client bound from configuration, for applications that talk to several environments.
    /// Resolve it as a keyed service with <paramref name="name"/> as the key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, used as the service key and options name.</param>
    /// <param name="configuration">The configuration section to bind.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    public static IHttpClientBuilder AddKoreModelDeploy(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ThrowIfNull(services, nameof(services));
        ThrowIfNullOrEmpty(name, nameof(name));
        ThrowIfNull(configuration, nameof(configuration));
        return AddCore(services, name, builder => BindConfiguration(builder, configuration));
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name, Action<OptionsBuilder<KoreModelDeployOptions>> configureOptions)
    {
        configureOptions(services.AddOptionsWithValidateOnStart<KoreModelDeployOptions, KoreModelDeployOptionsValidator>(name));
        services.TryAddSingleton<KoreTransportRegistry>();

        var isDefault = name.Length == 0;
        var httpClientName = isDefault ? HttpClientNamePrefix : HttpClientNamePrefix + ":" + name;
        var builder = services
            .AddHttpClient(httpClientName)
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's own primary handler, configured rather than replaced: no redirects, no proxy for loopback.
            .ConfigurePrimaryHttpMessageHandler(static (handler, _) => KoreModelDeploy.Transport.KoreHttpHandlers.ConfigurePrimary(handler))
            // The client logs every attempt itself (category KoreModelDeploy), so the factory's own two logging
            // handlers would only repeat it, at a measurable cost per call. AddDefaultLogger() brings them back,
            // and then the key header is still redacted.
            .RemoveAllLoggers()
            .RedactLoggedHeaders(static header => string.Equals(header, "x-api-key", StringComparison.OrdinalIgnoreCase));

        if (isDefault)
        {
            // Typed-client lifetime: transient clients over handlers the factory pools and rotates.
            services.AddTransient(sp => CreateClient(sp, httpClientName, name));
            services.AddTransient<IModelDeploymentClient>(sp => sp.GetRequiredService<ModelDeploymentClient>());
        }
        else
        {
            services.AddKeyedTransient(name, (sp, _) => CreateClient(sp, httpClientName, name));
            services.AddKeyedTransient<IModelDeploymentClient>(name, (sp, key) => sp.GetRequiredKeyedService<ModelDeploymentClient>(key));
        }

        return builder;
    }

    /// <summary>The options name of the client whose HTTP client is named <paramref name="httpClientName"/>; null when no client of this package has that name.</summary>
    internal static string? OptionsNameOf(string httpClientName) =>
        httpClientName == HttpClientNamePrefix ? Options.Options.DefaultName
        : httpClientName.StartsWith(HttpClientNamePrefix + ":", StringComparison.Ordinal) ? httpClientName.Substring(HttpClientNamePrefix.Length + 1)
        : null;

    private static void BindConfiguration(OptionsBuilder<KoreModelDeployOptions> builder, IConfiguration configuration) =>
        builder.Bind(configuration);

    private static ModelDeploymentClient CreateClient(IServiceProvider services, string httpClientName, string optionsName)
    {
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName);
        var transport = services.GetRequiredService<KoreTransportRegistry>().Get(optionsName);
        return new ModelDeploymentClient(http, transport);
    }

    private static void ThrowIfNull(object? value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }
    }

    private static void ThrowIfNullOrEmpty(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException("A client name is required.", name);
        }
    }
}
