using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>What the ledger knows about a member beyond points: birthday, time zone, and when they enrolled.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record MemberProfile
{
    /// <summary>Gets the member's birthday (month and day), if given. 29 February is celebrated on 28 February in other years.</summary>
    public AnnualDate? Birthday { get; init; }

    /// <summary>Gets the member's IANA time zone id, if given; the program's zone otherwise.</summary>
    public string? TimeZoneId { get; init; }

    /// <summary>Gets when the member enrolled: their first committed command.</summary>
    public Instant? EnrolledAt { get; init; }
}
