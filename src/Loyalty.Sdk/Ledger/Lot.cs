using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Points from one credit (an earn or a positive adjustment), with the part not yet spent, when they become
/// available and when they expire. Debits consume available lots soonest-expiring first.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record Lot
{
    /// <summary>Gets the program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Gets the member.</summary>
    public required MemberId MemberId { get; init; }

    /// <summary>Gets the lot id: the sequence number of the entry that created it.</summary>
    public required long Id { get; init; }

    /// <summary>Gets the points credited when the lot was created.</summary>
    public required Points Points { get; init; }

    /// <summary>Gets the points not yet spent, reversed or expired.</summary>
    public required Points Remaining { get; init; }

    /// <summary>Gets the instant the lot was created.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>Gets the instant the points become available (the end of the pending period).</summary>
    public required Instant AvailableAt { get; init; }

    /// <summary>Gets the first instant at which the points are expired, or <see langword="null"/> when they never expire.</summary>
    public Instant? ExpiresAt { get; init; }

    /// <summary>Gets the order that earned the lot, if any.</summary>
    public string? OrderId { get; init; }

    /// <summary>Gets a value indicating whether the lot is pending at <paramref name="at"/>.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>Whether the points are not yet available.</returns>
    public bool IsPendingAt(Instant at) => AvailableAt > at;

    /// <summary>Gets a value indicating whether the lot is expired at <paramref name="at"/>.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>Whether the points are expired.</returns>
    public bool IsExpiredAt(Instant at) => ExpiresAt is { } expiresAt && expiresAt <= at;
}
