using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>Events: reading the outbox and delivering it to named consumers.</summary>
/// <remarks>Reached through <see cref="LoyaltyEngine.Events"/>. This type is thread-safe.</remarks>
public sealed class LoyaltyEngineEvents
{
    private readonly LoyaltyEngine _engine;

    internal LoyaltyEngineEvents(LoyaltyEngine engine) => _engine = engine;

    private LoyaltyProgram Program => _engine.Program;

    /// <summary>Reads committed events of the program after a cursor, in order (see <see cref="ILedgerStore.ReadEventsAsync"/>).</summary>
    /// <param name="after">The cursor, <see cref="EventCursor.Start"/> for the beginning.</param>
    /// <param name="maxCount">The most events to return.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The events, each with its cursor.</returns>
    public ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(EventCursor after, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        Guard.Positive(maxCount);
        return _engine.Store.ReadEventsAsync(Program.Id, after, maxCount, cancellationToken);
    }

    /// <summary>
    /// Registers a named consumer, so that <see cref="PruneEventsAsync"/> keeps every event it has not passed: saves
    /// its cursor at <see cref="EventCursor.Start"/> unless it has one. <see cref="DeliverEventsAsync"/> registers its
    /// consumer itself; call this at start-up for a consumer that reads with <see cref="ReadEventsAsync"/>.
    /// </summary>
    /// <param name="consumer">The consumer's name, such as <c>email</c>.</param>
    /// <param name="cancellationToken">A token to cancel the registration.</param>
    /// <returns>The consumer's cursor.</returns>
    public async ValueTask<EventCursor> RegisterConsumerAsync(string consumer, CancellationToken cancellationToken = default)
    {
        Guard.Text(consumer, 200, nameof(consumer));
        var cursor = await _engine.Store.ReadConsumerCursorAsync(Program.Id, consumer, cancellationToken).ConfigureAwait(false);
        if (cursor == EventCursor.Start)
        {
            await _engine.Store.SaveConsumerCursorAsync(Program.Id, consumer, cursor, cancellationToken).ConfigureAwait(false);
        }

        return cursor;
    }

    /// <summary>
    /// Outbox retention: deletes the events that every registered consumer has passed and that occurred more than
    /// <paramref name="retention"/> ago (by the engine's clock). With no registered consumer nothing is deleted, so a
    /// host that has not wired up its consumers yet loses nothing. The hosted jobs worker of
    /// <c>Loyalty.Sdk.DependencyInjection</c> runs this on a schedule when given a retention.
    /// </summary>
    /// <param name="retention">How long an event is kept after it occurred, at least zero.</param>
    /// <param name="cancellationToken">A token to cancel the deletion before it starts.</param>
    /// <returns>The number of events deleted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is negative.</exception>
    public ValueTask<long> PruneEventsAsync(Duration retention, CancellationToken cancellationToken = default)
    {
        if (retention < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "The retention must be zero or more.");
        }

        // A retention longer than the calendar (Duration.MaxValue, say) keeps everything instead of overflowing.
        var now = _engine.Clock.GetCurrentInstant();
        return retention >= now - Instant.MinValue
            ? new ValueTask<long>(0L)
            : _engine.Store.PruneEventsAsync(Program.Id, now - retention, cancellationToken);
    }

    /// <summary>
    /// Delivers the program's events to a named consumer, at least once, in order: reads from the consumer's saved
    /// cursor, calls the handler for each event, and saves the cursor after each batch. If the handler throws (or
    /// the process dies), the cursor stays at the last saved batch and those events are delivered again next time,
    /// so handlers should be idempotent (deduplicate by <see cref="LoyaltyEvent.EventId"/>).
    /// </summary>
    /// <param name="consumer">The consumer's name, such as <c>email</c>.</param>
    /// <param name="handler">Handles one event.</param>
    /// <param name="batchSize">Events read (and acknowledged) per batch.</param>
    /// <param name="cancellationToken">A token to cancel delivery between events.</param>
    /// <returns>The number of events delivered (when it returns, the consumer has caught up).</returns>
    public async ValueTask<int> DeliverEventsAsync(string consumer, Func<LoyaltyEvent, CancellationToken, ValueTask> handler, int batchSize = 100, CancellationToken cancellationToken = default)
    {
        Guard.Text(consumer, 200, nameof(consumer));
        ArgumentNullException.ThrowIfNull(handler);
        Guard.Positive(batchSize);
        var cursor = await RegisterConsumerAsync(consumer, cancellationToken).ConfigureAwait(false);
        var delivered = 0;
        while (true)
        {
            var page = await _engine.Store.ReadEventsAsync(Program.Id, cursor, batchSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return delivered;
            }

            foreach (var item in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await handler(item.Event, cancellationToken).ConfigureAwait(false);
                delivered++;
            }

            cursor = page[^1].Cursor;
            await _engine.Store.SaveConsumerCursorAsync(Program.Id, consumer, cursor, cancellationToken).ConfigureAwait(false);
        }
    }
}
