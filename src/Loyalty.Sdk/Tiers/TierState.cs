using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Tiers;

/// <summary>
/// A member's tier after the account's last command, kept in the account state so a command needs no replay:
/// the tier, its floor, the next review and the qualifying totals of the buckets a future promotion or review can
/// still read. Everything in it is derivable from the ledger and the ladder.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TierState
{
    /// <summary>Gets the current tier id.</summary>
    public required string TierId { get; init; }

    /// <summary>Gets the instant the member entered the current tier.</summary>
    public required Instant Since { get; init; }

    /// <summary>Gets the member's enrolment date (the local date of the account's first command), the start of membership years.</summary>
    public required LocalDate EnrolledOn { get; init; }

    /// <summary>Gets the next review boundary (the date after the last day of the reviewed window), or <see langword="null"/> in the base tier.</summary>
    public LocalDate? ReviewOn { get; init; }

    /// <summary>Gets the manual floor (VIP override): the member is never reviewed below it.</summary>
    public string? FloorTierId { get; init; }

    /// <summary>Gets the qualifying totals per bucket (month, calendar year or membership year), by bucket start.</summary>
    public IReadOnlyList<QualifyingBucket> Buckets { get; init; } = [];
}

/// <summary>The qualifying totals of one bucket of a tier window.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Start">The bucket's first local date.</param>
/// <param name="Points">Qualifying points.</param>
/// <param name="Spend">Qualifying spend in the base currency.</param>
/// <param name="Orders">Qualifying orders.</param>
public readonly record struct QualifyingBucket(LocalDate Start, long Points, decimal Spend, int Orders)
{
    /// <summary>Gets the bucket's total in one metric.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The total.</returns>
    public decimal ValueOf(QualifyingMetric metric) => new QualifyingChange(Start, Points, Spend, Orders).ValueOf(metric);
}

/// <summary>Whether a tier change raised or lowered the member.</summary>
public enum TierChangeKind
{
    /// <summary>Up: a threshold was crossed, or a floor was set above the tier.</summary>
    Promotion = 0,

    /// <summary>Down: a review found the ended window below the tier's retain threshold.</summary>
    Demotion = 1,
}

/// <summary>One change of a member's tier, with the reason.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="At">When the change took effect.</param>
/// <param name="FromTierId">The tier before.</param>
/// <param name="ToTierId">The tier after.</param>
/// <param name="Kind">Up or down.</param>
/// <param name="Reason">Why, with the figures, such as <c>spend 1200 in 2026-01-01..2026-12-31 reached gold (1000)</c>.</param>
public sealed record TierChange(Instant At, string FromTierId, string ToTierId, TierChangeKind Kind, string Reason);
