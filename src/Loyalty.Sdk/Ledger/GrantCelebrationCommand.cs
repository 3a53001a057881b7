using System;
using Loyalty.Sdk.Engagement;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Grants the program's birthday or anniversary reward for one year, if the occasion has come (within the rule's
/// grace days) in the member's or the program's zone and was not granted that year. Normally sent by
/// <see cref="LoyaltyEngineJobs.RunCelebrationsAsync"/>; once per member and year whatever the schedule.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class GrantCelebrationCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.CelebrationHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="GrantCelebrationCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key; the job uses <c>celebration:{kind}:{year}:{member}</c>.</param>
    /// <param name="kind">The occasion.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public GrantCelebrationCommand(MemberId memberId, IdempotencyKey key, CelebrationKind kind)
        : base(memberId, key)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown occasion.");
        }

        Kind = kind;
    }

    /// <summary>Gets the occasion.</summary>
    public CelebrationKind Kind { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add((long)Kind);
}
