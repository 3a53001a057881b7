using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>The daily expiry and tier-review run of every program, each at its own local time.</summary>
internal sealed partial class LoyaltyJobsWorker(ILoyaltyEngines engines, IClock clock, LoyaltyJobOptions options, ILogger logger) : BackgroundService
{
    /// <summary>The next instant the daily run is due for a program, strictly after <paramref name="after"/>.</summary>
    internal static Instant NextRun(LoyaltyProgram program, LocalTime runAt, Instant after)
    {
        var today = after.InZone(program.TimeZone).Date;
        var candidate = today.At(runAt).InZoneLeniently(program.TimeZone).ToInstant();
        return candidate > after ? candidate : today.PlusDays(1).At(runAt).InZoneLeniently(program.TimeZone).ToInstant();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = new Dictionary<LoyaltyEngine, Instant>();
        var now = clock.GetCurrentInstant();
        foreach (var engine in engines.All)
        {
            next[engine] = NextRun(engine.Program, options.RunAt, now);
        }

        while (!stoppingToken.IsCancellationRequested && next.Count > 0)
        {
            var (engine, due) = Earliest(next);
            var wait = due - clock.GetCurrentInstant();
            if (wait > Duration.Zero)
            {
                await options.Delay(wait.ToTimeSpan(), stoppingToken).ConfigureAwait(false);
                continue; // re-read the clock: it may have moved more or less than asked
            }

            try
            {
                await engine.Jobs.RunExpiryAsync(options.BatchSize, stoppingToken).ConfigureAwait(false);
                if (options.RunCelebrations && engine.Program.Engagement.Celebrations.Count > 0)
                {
                    await engine.Jobs.RunCelebrationsAsync(options.BatchSize, stoppingToken).ConfigureAwait(false);
                }

                if (options.ExpiryReminderWindow is { } window)
                {
                    await engine.Jobs.RunExpiryRemindersAsync(window, options.BatchSize, stoppingToken).ConfigureAwait(false);
                }

                if (options.EventRetention is { } retention)
                {
                    await engine.Events.PruneEventsAsync(retention, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed run (a database outage) is retried at the next day's run; the work is idempotent.
                JobFailed(logger, engine.Program.Id.Value, ex);
            }

            next[engine] = NextRun(engine.Program, options.RunAt, due);
        }
    }

    private static (LoyaltyEngine Engine, Instant Due) Earliest(Dictionary<LoyaltyEngine, Instant> next)
    {
        LoyaltyEngine? best = null;
        var due = Instant.MaxValue;
        foreach (var (engine, at) in next)
        {
            if (at < due)
            {
                (best, due) = (engine, at);
            }
        }

        return (best!, due);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Program {ProgramId}: the daily run (expiry, tier reviews, celebrations, reminders, outbox retention) failed; it runs again tomorrow")]
    private static partial void JobFailed(ILogger logger, string programId, Exception exception);
}
