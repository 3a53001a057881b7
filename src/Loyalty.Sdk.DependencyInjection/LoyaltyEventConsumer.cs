using System;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loyalty.Sdk.DependencyInjection;

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
