using System;
using System.Linq;
using Loyalty.Sdk;
using Loyalty.Sdk.DependencyInjection;
using Loyalty.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Loyalty.Sdk in a service collection.</summary>
public static class LoyaltyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the loyalty engines: <see cref="ILoyaltyEngines"/> for every program, a keyed <see cref="LoyaltyEngine"/>
    /// per program id, and an unkeyed one when there is exactly one program. The clock is the container's
    /// <see cref="IClock"/> when registered, else the system clock; logging goes to the container's
    /// <see cref="ILoggerFactory"/> when there is one. Programs are validated when the host starts (or at the first
    /// resolution without a host), in one exception that lists every problem. Calling this twice is harmless:
    /// services are added once, and the same program configured twice counts once.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the programs and options; may be called once per <c>AddLoyalty</c> call.</param>
    /// <returns>A builder to choose the store.</returns>
    public static LoyaltyBuilder AddLoyalty(this IServiceCollection services, Action<LoyaltyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.FirstOrDefault(d => d.ServiceType == typeof(LoyaltyOptions))?.ImplementationInstance is not LoyaltyOptions options)
        {
            options = new LoyaltyOptions();
            services.AddSingleton(options);
        }

        configure?.Invoke(options);

        // The composition root is where the real clock belongs; everything else takes IClock.
#pragma warning disable RS0030 // SystemClock.Instance is banned in the libraries, except here
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddSingleton<ILoyaltyEngines>(sp => new LoyaltyEngines(
            sp.GetRequiredService<LoyaltyOptions>(),
            sp.GetService<ILedgerStore>() ?? throw new InvalidOperationException("No loyalty store is configured: call .UseInMemory(), .UseSqlite(…) or .UsePostgreSql(…) after AddLoyalty()."),
            sp.GetRequiredService<IClock>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp =>
        {
            var engines = sp.GetRequiredService<ILoyaltyEngines>().All;
            return engines.Count == 1
                ? engines[0]
                : throw new InvalidOperationException($"{engines.Count} loyalty programs are configured: resolve ILoyaltyEngines, or a LoyaltyEngine keyed by program id.");
        });
        if (!services.Any(d => d.IsKeyedService && d.ServiceType == typeof(LoyaltyEngine)))
        {
            services.AddKeyedSingleton<LoyaltyEngine>(KeyedService.AnyKey, (sp, key) => sp.GetRequiredService<ILoyaltyEngines>().Get(key as string ?? throw new ArgumentException("A loyalty engine is keyed by its program id (a string).", nameof(key))));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LoyaltyStartupValidation>());
        return new LoyaltyBuilder(services);
    }
}
