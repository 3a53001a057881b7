using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Fulfils a reserved claim (the item shipped): its reserved unit of stock becomes confirmed.</summary>
internal sealed class FulfilRewardHandler : CommandHandler<FulfilRewardCommand>
{
    public static readonly FulfilRewardHandler Instance = new();

    public override string Name => "fulfil-reward";

    protected override LedgerLoadRequest Plan(FulfilRewardCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account) =>
        account with { ClaimKey = command.ClaimKey };

    protected override Rejection? Decide(FulfilRewardCommand command, AccountDraft draft)
    {
        if (draft.Loaded.Claim is not { } claim)
        {
            return RewardClaims.UnknownClaim(draft, command.ClaimKey);
        }

        if (claim.Status != ClaimStatus.Reserved)
        {
            return Rejections.Reject(RejectionReason.ClaimNotChangeable, $"Claim '{claim.Key}' is {claim.Status}; only a reserved claim can be fulfilled.");
        }

        draft.Records.Stock = new StockChange(claim.RewardId, -1, 1);
        draft.Records.Claim = claim with { Status = ClaimStatus.Fulfilled, ClosedAt = draft.Now };
        return null;
    }
}
