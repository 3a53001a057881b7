using System;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>Options of an event consumer added by <see cref="LoyaltyEventDeliveryExtensions.AddEventConsumer"/>.</summary>
/// <remarks>This type is mutable and not thread-safe: it is configuration, read once.</remarks>
public sealed class LoyaltyEventConsumerOptions
{
    /// <summary>Gets or sets how long the consumer waits after catching up before it reads again.</summary>
    /// <value>The default is one second.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the events read and acknowledged per batch.</summary>
    /// <value>The default is 100.</value>
    public int BatchSize { get; set; } = 100;
}

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

/// <summary>Polls every program's outbox for one consumer.</summary>
internal sealed partial class LoyaltyEventConsumer(
    IServiceProvider services,
    string consumer,
    Func<LoyaltyEvent, IServiceProvider, CancellationToken, ValueTask> handler,
    LoyaltyEventConsumerOptions options,
    ILogger logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var engines = services.GetRequiredService<ILoyaltyEngines>();
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var engine in engines.All)
            {
                try
                {
                    var scope = services.CreateAsyncScope();
                    await using (scope.ConfigureAwait(false))
                    {
                        await engine.Events.DeliverEventsAsync(consumer, (e, ct) => handler(e, scope.ServiceProvider, ct), options.BatchSize, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    DeliveryFailed(logger, consumer, engine.Program.Id.Value, ex);
                }
            }

            await Task.Delay(options.PollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Consumer {Consumer}, program {ProgramId}: an event handler failed; the batch is delivered again")]
    private static partial void DeliveryFailed(ILogger logger, string consumer, string programId, Exception exception);
}
