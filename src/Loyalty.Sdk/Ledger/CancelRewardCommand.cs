using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Cancels a claim that is reserved, or issued and unused: refunds its points to the lots they came from and
/// releases its reserved unit, exactly once.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class CancelRewardCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.CancelRewardHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="CancelRewardCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="claimKey">The claim: the key of the command that created it.</param>
    /// <exception cref="ArgumentException"><paramref name="claimKey"/> is the default key.</exception>
    public CancelRewardCommand(MemberId memberId, IdempotencyKey key, IdempotencyKey claimKey)
        : base(memberId, key)
    {
        Guard.NotDefault(claimKey.IsDefault, nameof(claimKey));
        ClaimKey = claimKey;
    }

    /// <summary>Gets the claim.</summary>
    public IdempotencyKey ClaimKey { get; }



    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(ClaimKey.Value);
}
