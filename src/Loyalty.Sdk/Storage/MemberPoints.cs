using System;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage;

/// <summary>A member's points in a period (a leaderboard row's input).</summary>
/// <remarks>
/// This type is an immutable value type and is thread-safe. The engine's bounds keep a member's total far inside 64
/// bits (see <see cref="LoyaltyLimits.MaxPointsPerMember"/>); stores sum without overflow all the same, and a total
/// written by other means that passes <see cref="long.MaxValue"/> is reported as <see cref="long.MaxValue"/>.
/// </remarks>
/// <param name="MemberId">The member.</param>
/// <param name="Points">The points.</param>
public readonly record struct MemberPoints(MemberId MemberId, long Points)
{
    /// <summary>
    /// Whether an entry counts toward the points earned in [<paramref name="from"/>, <paramref name="to"/>): Earn and
    /// Reverse entries (net of returns) that took effect in it. The database stores express the same rule in SQL.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <param name="from">The period's start (inclusive).</param>
    /// <param name="to">The period's end (exclusive).</param>
    /// <returns>Whether it counts, for <see cref="Storage.ILedgerStore.ReadPointsEarnedAsync"/>.</returns>
    public static bool CountsAsEarned(LedgerEntry entry, Instant from, Instant to) =>
        entry.Kind is LedgerEntryKind.Earn or LedgerEntryKind.Reverse && entry.At >= from && entry.At < to;

    /// <summary>A 128-bit sum as a row's points: saturated at <see cref="long.MaxValue"/>.</summary>
    /// <param name="sum">The sum.</param>
    /// <returns>The points.</returns>
    public static long Saturate(Int128 sum) => sum > long.MaxValue ? long.MaxValue : (long)sum;
}
