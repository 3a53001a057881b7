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
