using System.Collections.Generic;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// The state of one member's account after its last committed command: version, open lots and debt. Everything in it
/// is derivable from the entries; stores keep it so that a command needs no replay.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record AccountState
{
    /// <summary>Gets the program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Gets the member.</summary>
    public required MemberId MemberId { get; init; }

    /// <summary>Gets the version: the number of committed commands; 0 for an account that does not exist yet.</summary>
    public long Version { get; init; }

    /// <summary>Gets the sequence number of the last entry, 0 when there is none.</summary>
    public long LastSequence { get; init; }

    /// <summary>Gets the debt: points clawed back beyond what the member had, netted against later credits.</summary>
    public Points Debt { get; init; }

    /// <summary>Gets the instant of the last committed command.</summary>
    public Instant? LastRecordedAt { get; init; }

    /// <summary>Gets the instant of the member's last activity (earn or redemption).</summary>
    public Instant? LastActivityAt { get; init; }

    /// <summary>Gets the earliest instant something is due: an expiry among the open lots or a tier review (for the job's scans).</summary>
    public Instant? NextDueAt { get; init; }

    /// <summary>Gets the lots with points remaining, ordered by id.</summary>
    public IReadOnlyList<Lot> OpenLots { get; init; } = [];

    /// <summary>Gets the running totals of the current periods, for per-period caps (points earned, activities done).</summary>
    public IReadOnlyList<PeriodCounter> Counters { get; init; } = [];

    /// <summary>Gets the member's tier, when the program has a tier ladder.</summary>
    public TierState? Tier { get; init; }

    /// <summary>Gets the member's profile: birthday, time zone and enrolment (set on the first command).</summary>
    public Engagement.MemberProfile? Profile { get; init; }

    /// <summary>Gets a value indicating whether the account exists (has committed at least one command).</summary>
    public bool Exists => Version > 0;

    /// <summary>Creates the state of an account that does not exist yet.</summary>
    /// <param name="programId">The program.</param>
    /// <param name="memberId">The member.</param>
    /// <returns>The empty state, version 0.</returns>
    public static AccountState Empty(ProgramId programId, MemberId memberId) =>
        new() { ProgramId = programId, MemberId = memberId };
}
