using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Redeems a catalogue reward: debits its price in points and, for rewards with tracked stock, reserves one unit, in
/// one atomic commit. Coupons issue a unique voucher. The command's key becomes the claim's key.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class RedeemRewardCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.RedeemRewardHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="RedeemRewardCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key, such as <c>reward:mug:8812</c>: it becomes the claim's key.</param>
    /// <param name="rewardId">The reward.</param>
    /// <exception cref="ArgumentException"><paramref name="rewardId"/> is empty or too long.</exception>
    public RedeemRewardCommand(MemberId memberId, IdempotencyKey key, string rewardId)
        : base(memberId, key) => RewardId = Guard.Text(rewardId, 100, nameof(rewardId));

    /// <summary>Gets the reward.</summary>
    public string RewardId { get; }


    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(RewardId);
}
