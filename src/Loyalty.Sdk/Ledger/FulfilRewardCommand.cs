using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>Fulfils a reserved claim (the item shipped): its reserved unit becomes confirmed.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class FulfilRewardCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.FulfilRewardHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="FulfilRewardCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="claimKey">The claim: the key of the command that created it.</param>
    /// <exception cref="ArgumentException"><paramref name="claimKey"/> is the default key.</exception>
    public FulfilRewardCommand(MemberId memberId, IdempotencyKey key, IdempotencyKey claimKey)
        : base(memberId, key)
    {
        Guard.NotDefault(claimKey.IsDefault, nameof(claimKey));
        ClaimKey = claimKey;
    }

    /// <summary>Gets the claim.</summary>
    public IdempotencyKey ClaimKey { get; }


    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(ClaimKey.Value);
}
