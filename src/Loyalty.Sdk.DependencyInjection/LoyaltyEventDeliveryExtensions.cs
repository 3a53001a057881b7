using System;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>Adds outbox consumers to a host.</summary>
public static class LoyaltyEventDeliveryExtensions
{
    /// <summary>
    /// Delivers every program's events to a handler in the background, at least once and in order per program, with
    /// the consumer's cursor kept in the store (so a restarted host, or another instance, resumes where it stopped).
    /// The handler gets a scoped service provider per batch. A handler that throws is logged, and the batch is
    /// delivered again after the poll interval: make the handler idempotent (deduplicate by <see cref="LoyaltyEvent.EventId"/>).
    /// Run one instance of a given consumer at a time, or accept that two instances may deliver the same batch twice.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="consumer">The consumer's name, which keys its cursor (such as <c>email</c>).</param>
    /// <param name="handler">Handles one event.</param>
    /// <param name="configure">Configures polling, if needed.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="consumer"/> is empty, or an option is out of range.</exception>
    public static LoyaltyBuilder AddEventConsumer(
        this LoyaltyBuilder builder,
        string consumer,
        Func<LoyaltyEvent, IServiceProvider, CancellationToken, ValueTask> handler,
        Action<LoyaltyEventConsumerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentNullException.ThrowIfNull(handler);
        var options = new LoyaltyEventConsumerOptions();
        configure?.Invoke(options);
        if (options.BatchSize < 1 || options.PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), "The batch size and the poll interval must be positive.");
        }

        builder.Services.AddSingleton<IHostedService>(sp => new LoyaltyEventConsumer(
            sp,
            consumer,
            handler,
            options,
            sp.GetService<ILoggerFactory>()?.CreateLogger("Loyalty.Sdk.Events") ?? NullLogger.Instance));
        return builder;
    }
}
