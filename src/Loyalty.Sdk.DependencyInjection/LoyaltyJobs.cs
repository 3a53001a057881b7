using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>Options of the background jobs added by <see cref="LoyaltyJobsExtensions.AddJobs"/>.</summary>
/// <remarks>This type is mutable and not thread-safe: it is configuration, read once.</remarks>
public sealed class LoyaltyJobOptions
{
    /// <summary>Gets or sets the local time of day, in each program's time zone, the daily run starts.</summary>
    /// <value>The default is 03:00.</value>
    public LocalTime RunAt { get; set; } = new(3, 0);

    /// <summary>Gets or sets the accounts claimed per batch.</summary>
    /// <value>The default is 500.</value>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Gets or sets the window of the daily expiry reminders: after the expiry run, a
    /// <see cref="Events.PointsExpiringSoon"/> event is written for every member with points expiring within it (once
    /// per member and expiry instant).
    /// </summary>
    /// <value>The default is <see langword="null"/>: no reminders.</value>
    public Duration? ExpiryReminderWindow { get; set; }

    /// <summary>Gets or sets a value indicating whether the daily run also grants birthday and anniversary rewards (programs that define them).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RunCelebrations { get; set; } = true;

    /// <summary>Gets or sets how the worker waits; tests replace it to move a fake clock instead.</summary>
    /// <value>The default is <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</value>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;
}

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

        builder.Services.AddHostedService(sp => new LoyaltyJobsWorker(
            sp.GetRequiredService<ILoyaltyEngines>(),
            sp.GetRequiredService<IClock>(),
            options,
            sp.GetService<ILoggerFactory>()?.CreateLogger("Loyalty.Sdk.Jobs") ?? NullLogger.Instance));
        return builder;
    }
}

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

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Program {ProgramId}: the daily run (expiry, tier reviews, celebrations, reminders) failed; it runs again tomorrow")]
    private static partial void JobFailed(ILogger logger, string programId, Exception exception);
}
