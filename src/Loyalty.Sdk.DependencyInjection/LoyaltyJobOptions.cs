using System;
using System.Threading;
using System.Threading.Tasks;
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

    /// <summary>
    /// Gets or sets the outbox retention: after the other jobs, the daily run deletes the events that every registered
    /// consumer has passed and that occurred longer ago than this (see <see cref="LoyaltyEngineEvents.PruneEventsAsync"/>).
    /// </summary>
    /// <value>The default is <see langword="null"/>: events are kept forever.</value>
    public Duration? EventRetention { get; set; }

    /// <summary>Gets or sets how the worker waits; tests replace it to move a fake clock instead.</summary>
    /// <value>The default is <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</value>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;
}
