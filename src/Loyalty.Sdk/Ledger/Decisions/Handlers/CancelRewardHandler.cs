using System;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>
/// Cancels an open claim: refunds its points, releases its reserved stock, and takes it back from the reward's
/// limits (a grant, which never counted, stays uncounted).
/// </summary>
internal sealed class CancelRewardHandler : CommandHandler<CancelRewardCommand>
{
    public static readonly CancelRewardHandler Instance = new();

    public override string Name => "cancel-reward";

    protected override LedgerLoadRequest Plan(CancelRewardCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account) =>
        account with { ClaimKey = command.ClaimKey, RedemptionKey = command.ClaimKey };

    protected override Rejection? Decide(CancelRewardCommand command, AccountDraft draft)
    {
        if (draft.Loaded.Claim is not { } claim)
        {
            return RewardClaims.UnknownClaim(draft, command.ClaimKey);
        }

        if (claim.Status is not (ClaimStatus.Reserved or ClaimStatus.Issued) || claim.VoucherUsedAt is not null)
        {
            return Rejections.Reject(RejectionReason.ClaimNotChangeable, $"Claim '{claim.Key}' is {claim.Status}{(claim.VoucherUsedAt is null ? string.Empty : " and its voucher was used")}; it cannot be cancelled.");
        }

        if (claim.Points.IsPositive)
        {
            if (draft.Loaded.Redemption is not { } redemption)
            {
                throw new InvalidOperationException($"The store returned claim '{claim.Key}' without its redemption.");
            }

            var left = redemption.Points - redemption.RefundedPoints;
            if (left.IsPositive)
            {
                RefundHandler.RefundPoints(draft, redemption, left);
            }
        }

        if (claim.HoldsStock && claim.Status == ClaimStatus.Reserved)
        {
            draft.Records.Stock = new StockChange(claim.RewardId, -1, 0);
        }

        // A cancelled redemption no longer counts toward the reward's limits (grants, which carry a reason, never did).
        if (claim.QuotaKey is { } quota)
        {
            draft.Records.Quota = new QuotaChange(quota, -1, long.MaxValue);
        }

        if (claim.Reason is null)
        {
            draft.Counters.Uncount(new CounterKey(CounterKind.RewardClaims, claim.RewardId), null);
            draft.Counters.Uncount(new CounterKey(CounterKind.RewardClaimsInPeriod, claim.RewardId), claim.PeriodStart);
        }

        draft.Records.Claim = claim with { Status = ClaimStatus.Cancelled, ClosedAt = draft.Now };
        return null;
    }
}
