using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>Adds the background jobs to a host.</summary>
public static class LoyaltyJobsExtensions
{
    /// <summary>
    /// Runs the expiry job (which also applies due tier reviews), then the birthday/anniversary rewards and the expiry
    /// reminders (when configured), for every program once a day at <see cref="LoyaltyJobOptions.RunAt"/> in the
    /// program's time zone. Safe on several instances at once: each run
    /// claims disjoint batches of due accounts (FOR UPDATE SKIP LOCKED on PostgreSQL), and every write is idempotent.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the schedule, if needed.</param>
    /// <returns>The builder.</returns>
    public static LoyaltyBuilder AddJobs(this LoyaltyBuilder builder, Action<LoyaltyJobOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new LoyaltyJobOptions();
        configure?.Invoke(options);
        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.BatchSize, "The batch size must be at least 1.");
        }

        if (options.ExpiryReminderWindow is { } window && window <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), window, "The reminder window must be positive.");
        }

        if (options.EventRetention is { } retention && retention < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), retention, "The event retention must be zero or more.");
        }

        builder.Services.AddHostedService(sp => new LoyaltyJobsWorker(
            sp.GetRequiredService<ILoyaltyEngines>(),
            sp.GetRequiredService<IClock>(),
            options,
            sp.GetService<ILoggerFactory>()?.CreateLogger("Loyalty.Sdk.Jobs") ?? NullLogger.Instance));
        return builder;
    }
}
